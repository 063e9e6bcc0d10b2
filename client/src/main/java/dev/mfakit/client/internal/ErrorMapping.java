package dev.mfakit.client.internal;

import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an error answer into a typed {@link ErrorReason}, following the protocol doc's §10 catalogue. Descriptions
 * are compared case-insensitively and without a trailing period, because Auth0's texts vary in both.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  /** The exception for a non-success reply: the error body parsed leniently (an HTML 502 page is fine). */
  public static MfaApiException toException(Operation operation, Reply reply) {
    String error = null;
    String description = null;
    if (Json.parseOrNull(reply.body()) instanceof Map<?, ?> map) {
      error = map.get("error") instanceof String s ? s : null;
      description = map.get("error_description") instanceof String s ? s : null;
    }
    ErrorReason reason = reason(operation, reply.status(), error, description);
    return new MfaApiException(reply.status(), reason, error, description, reply.rateLimit(), reply.sentSecrets());
  }

  /** The typed cause of one error answer. */
  public static ErrorReason reason(Operation op, int status, String error, String description) {
    String e = error == null ? "" : error.trim().toLowerCase(Locale.ROOT);
    String d = normalise(description);

    if (e.equals("too_many_attempts")) {
      return ErrorReason.TOO_MANY_ATTEMPTS;
    }
    if (status == 429) {
      return ErrorReason.RATE_LIMITED;
    }
    if (d.startsWith("user is already enrolled")) {
      return ErrorReason.ALREADY_ENROLLED;
    }
    if (d.contains("oob_code is expired")) {
      return ErrorReason.OOB_CODE_EXPIRED;
    }
    switch (e) {
      case "authorization_pending":
        return ErrorReason.AUTHORIZATION_PENDING;
      case "slow_down":
        return ErrorReason.SLOW_DOWN;
      case "expired_token":
        return ErrorReason.MFA_TOKEN_EXPIRED;
      case "unsupported_challenge_type":
        return ErrorReason.UNSUPPORTED_CHALLENGE_TYPE;
      case "association_required":
        return ErrorReason.ASSOCIATION_REQUIRED;
      case "invalid_client":
        return ErrorReason.INVALID_CLIENT;
      case "unauthorized_client":
        return ErrorReason.UNAUTHORIZED_CLIENT;
      case "invalid_request":
        return ErrorReason.INVALID_REQUEST;
      case "insufficient_scope":
        return ErrorReason.INSUFFICIENT_SCOPE;
      case "invalid_token":
        return ErrorReason.INVALID_TOKEN;
      default:
        break;
    }
    if (d.equals("mfa authorization rejected")
        || (e.equals("access_denied") && op == Operation.VERIFY_OOB)) {
      return ErrorReason.PUSH_REJECTED;
    }
    if (d.equals("mfa_token is expired")) {
      return ErrorReason.MFA_TOKEN_EXPIRED;
    }
    if (d.equals("malformed mfa_token")) {
      return ErrorReason.MFA_TOKEN_MALFORMED;
    }
    if (e.equals("invalid_grant")) {
      switch (d) {
        case "invalid binding_code":
          return ErrorReason.WRONG_BINDING_CODE;
        case "invalid otp_code":
          return ErrorReason.WRONG_OTP;
        case "invalid oob_code":
          return ErrorReason.OOB_CODE_INVALID;
        case "wrong email or password":
        case "wrong username or password":
          return ErrorReason.WRONG_CREDENTIALS;
        default:
          break;
      }
      if (op == Operation.VERIFY_RECOVERY_CODE) {
        return ErrorReason.WRONG_RECOVERY_CODE;
      }
    }
    if (op.bearerAuthorised()) {
      if (status == 401) {
        return ErrorReason.INVALID_TOKEN;
      }
      if (status == 403 && (e.equals("access_denied") || e.isEmpty())) {
        return ErrorReason.INSUFFICIENT_SCOPE;
      }
    }
    if (status == 404) {
      return ErrorReason.NOT_FOUND;
    }
    if (status >= 500) {
      return ErrorReason.SERVER_ERROR;
    }
    return ErrorReason.UNKNOWN;
  }

  private static String normalise(String description) {
    if (description == null) {
      return "";
    }
    String d = description.trim().toLowerCase(Locale.ROOT);
    while (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }
}
