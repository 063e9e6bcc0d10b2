package dev.mfakit.client.internal;

import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.RateLimit;
import java.util.Collection;

/** Builds {@code MfaApiException} messages: what happened, status and error code, sanitised description, hint. */
public final class ErrorText {
  private ErrorText() {}

  /** The message for an API error; server-supplied parts are sanitised. */
  public static String message(int status, ErrorReason reason, String error, String description, RateLimit rateLimit,
                               Collection<String> knownSecrets) {
    ErrorReason r = reason == null ? ErrorReason.UNKNOWN : reason;
    StringBuilder out = new StringBuilder(summary(r));
    out.append(" (HTTP ").append(status);
    if (error != null && !error.isBlank()) {
      out.append(' ').append(Redaction.errorCode(error));
    }
    out.append(')');
    if (description != null && !description.isBlank()) {
      out.append(": ").append(Redaction.sanitize(Redaction.without(description, knownSecrets)));
    }
    if (r == ErrorReason.RATE_LIMITED && rateLimit != null) {
      if (rateLimit.reset() != null) {
        out.append("; the limit resets at ").append(rateLimit.reset());
      } else if (rateLimit.retryAfter() != null) {
        out.append("; retry after ").append(rateLimit.retryAfter().toSeconds()).append(" s");
      }
    }
    String hint = hint(r);
    if (hint != null) {
      out.append(out.charAt(out.length() - 1) == '.' ? " " : ". ").append(hint);
    }
    return out.toString();
  }

  /** The {@code error} code as messages quote it (see {@link Redaction#errorCode}), or null when absent or blank. */
  public static String safeError(String error) {
    return error == null || error.isBlank() ? null : Redaction.errorCode(error);
  }

  /** The description as messages quote it (known secrets masked, then sanitised), or null when absent or blank. */
  public static String safeDescription(String description, Collection<String> knownSecrets) {
    return description == null || description.isBlank() ? null
        : Redaction.sanitize(Redaction.without(description, knownSecrets));
  }

  private static String summary(ErrorReason reason) {
    return switch (reason) {
      case WRONG_CREDENTIALS -> "Wrong username or password";
      case WRONG_BINDING_CODE -> "The code the user entered is wrong";
      case WRONG_OTP -> "The one-time password is wrong";
      case WRONG_RECOVERY_CODE -> "The recovery code is wrong";
      case MFA_TOKEN_EXPIRED -> "The mfa_token has expired";
      case MFA_TOKEN_INVALID -> "The tenant does not accept this mfa_token";
      case OOB_CODE_EXPIRED -> "The oob_code has expired";
      case OOB_CODE_INVALID -> "The oob_code is unknown or already used";
      case AUTHORIZATION_PENDING -> "The push notification has not been approved yet";
      case SLOW_DOWN -> "Polling too fast";
      case PUSH_REJECTED -> "The user rejected the push notification";
      case UNSUPPORTED_CHALLENGE_TYPE -> "The user has no enrolled authenticator of that challenge type";
      case ASSOCIATION_REQUIRED -> "The user must enroll an authenticator first";
      case ALREADY_ENROLLED -> "The user is already enrolled";
      case TOO_MANY_ATTEMPTS -> "Too many failed attempts; the user is temporarily blocked";
      case RATE_LIMITED -> "Rate limited";
      case INVALID_CLIENT -> "The application's credentials were refused";
      case UNAUTHORIZED_CLIENT -> "The application is not allowed to use this grant";
      case INVALID_REQUEST -> "The request was rejected as invalid";
      case INVALID_TOKEN -> "The bearer token is invalid or expired";
      case UNKNOWN_AUDIENCE -> "The tenant has no API with the audience asked for";
      case INSUFFICIENT_SCOPE -> "The token lacks the scope for this call";
      case NOT_FOUND -> "Not found";
      case SERVER_ERROR -> "The server failed";
      case UNKNOWN -> "The request failed";
    };
  }

  private static String hint(ErrorReason reason) {
    return switch (reason) {
      case WRONG_BINDING_CODE, WRONG_OTP -> "Ask the user to enter the code again";
      case MFA_TOKEN_EXPIRED -> "Sign in again to get a new mfa_token (it lives 10 minutes)";
      case MFA_TOKEN_INVALID -> "Sign in again for a new one, with the same application, and pass the mfa_token of the"
          + " mfa_required answer (not an access token)";
      case OOB_CODE_EXPIRED, OOB_CODE_INVALID -> "Challenge the authenticator again for a new code";
      case UNSUPPORTED_CHALLENGE_TYPE -> "Enroll first, or use challenge type otp for TOTP authenticators";
      case ALREADY_ENROLLED ->
          "To add another factor, use an access token with audience https://{tenant}/mfa/ and scope enroll";
      case TOO_MANY_ATTEMPTS -> "Wait several minutes before trying again";
      case INVALID_CLIENT -> "Check the client id and the client secret or key";
      case UNAUTHORIZED_CLIENT -> "Tick the grant (Password, MFA) in the application's Advanced Settings > Grant"
          + " Types";
      case WRONG_RECOVERY_CODE -> "Check the code; each one works once, and the last sign-in with one gave its"
          + " replacement";
      case SLOW_DOWN -> "Wait longer between polls";
      case INVALID_TOKEN -> "Get a fresh mfa_token or access token";
      case UNKNOWN_AUDIENCE -> "Check the audience: it must be an API identifier of this tenant (Applications > APIs);"
          + " the MFA API's is https://{tenant}/mfa/";
      case INSUFFICIENT_SCOPE -> "Request the scope enroll, read:authenticators or remove:authenticators "
          + "for audience https://{tenant}/mfa/";
      default -> null;
    };
  }
}
