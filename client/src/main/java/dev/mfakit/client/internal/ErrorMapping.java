package dev.mfakit.client.internal;

import static dev.mfakit.client.ErrorReason.ALREADY_ENROLLED;
import static dev.mfakit.client.ErrorReason.ASSOCIATION_REQUIRED;
import static dev.mfakit.client.ErrorReason.AUTHORIZATION_PENDING;
import static dev.mfakit.client.ErrorReason.INSUFFICIENT_SCOPE;
import static dev.mfakit.client.ErrorReason.INVALID_CLIENT;
import static dev.mfakit.client.ErrorReason.INVALID_REQUEST;
import static dev.mfakit.client.ErrorReason.INVALID_TOKEN;
import static dev.mfakit.client.ErrorReason.MFA_TOKEN_EXPIRED;
import static dev.mfakit.client.ErrorReason.MFA_TOKEN_INVALID;
import static dev.mfakit.client.ErrorReason.NOT_FOUND;
import static dev.mfakit.client.ErrorReason.OOB_CODE_EXPIRED;
import static dev.mfakit.client.ErrorReason.OOB_CODE_INVALID;
import static dev.mfakit.client.ErrorReason.PUSH_REJECTED;
import static dev.mfakit.client.ErrorReason.RATE_LIMITED;
import static dev.mfakit.client.ErrorReason.SERVER_ERROR;
import static dev.mfakit.client.ErrorReason.SLOW_DOWN;
import static dev.mfakit.client.ErrorReason.TOO_MANY_ATTEMPTS;
import static dev.mfakit.client.ErrorReason.UNAUTHORIZED_CLIENT;
import static dev.mfakit.client.ErrorReason.UNKNOWN_AUDIENCE;
import static dev.mfakit.client.ErrorReason.UNSUPPORTED_CHALLENGE_TYPE;
import static dev.mfakit.client.ErrorReason.WRONG_BINDING_CODE;
import static dev.mfakit.client.ErrorReason.WRONG_CREDENTIALS;
import static dev.mfakit.client.ErrorReason.WRONG_OTP;
import static dev.mfakit.client.ErrorReason.WRONG_RECOVERY_CODE;
import static dev.mfakit.client.internal.Operation.ASSOCIATE;
import static dev.mfakit.client.internal.Operation.CHALLENGE;
import static dev.mfakit.client.internal.Operation.DELETE_AUTHENTICATOR;
import static dev.mfakit.client.internal.Operation.LIST_AUTHENTICATORS;
import static dev.mfakit.client.internal.Operation.SIGN_IN;
import static dev.mfakit.client.internal.Operation.VERIFY_OOB;
import static dev.mfakit.client.internal.Operation.VERIFY_OTP;
import static dev.mfakit.client.internal.Operation.VERIFY_RECOVERY_CODE;

import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an error answer into the {@link ErrorReason} a person would expect, deciding by operation, status, {@code
 * error} and description together. The decision is the table {@link #TABLE}: one row per answer of
 * docs/protocol.md ("Errors"), read top to bottom, the first match wins. Descriptions are compared case-insensitively
 * and without trailing periods, because Auth0's texts vary in both.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  /** Any status; {@code S5XX} matches 500..599. */
  private static final int ANY = -1;
  private static final int S5XX = -5;
  /** Any {@code error} code, or any description. */
  private static final String ANY_TEXT = null;

  private static final Set<Operation> ALL = EnumSet.allOf(Operation.class);
  /** The calls that carry the application's credentials (client_id and secret or assertion). */
  private static final Set<Operation> CREDS =
      EnumSet.of(SIGN_IN, VERIFY_OOB, VERIFY_OTP, VERIFY_RECOVERY_CODE, CHALLENGE, ASSOCIATE);
  /** The {@code /mfa/*} calls authorised by a Bearer token. */
  private static final Set<Operation> BEARER = EnumSet.of(ASSOCIATE, LIST_AUTHENTICATORS, DELETE_AUTHENTICATOR);
  private static final Set<Operation> OOB = EnumSet.of(VERIFY_OOB);
  private static final Set<Operation> RECOV = EnumSet.of(VERIFY_RECOVERY_CODE);

  /**
   * One row: where it applies ({@code ops}, {@code status}), what the answer says ({@code error} and {@code text}),
   * and the reason. {@code text} is the description, lower case and without its final period: {@code "abc"} is
   * exactly that, {@code "abc…"} starts with it, {@code "…abc…"} contains it. {@link #ANY} and {@link #ANY_TEXT}
   * match anything.
   */
  private record Row(Set<Operation> ops, int status, String error, String text, ErrorReason reason) {
    boolean matches(Operation op, int s, String e, String d) {
      return ops.contains(op)
          && (status == ANY || status == s || (status == S5XX && s >= 500 && s < 600))
          && (error == null || error.equals(e))
          && (text == null || described(d));
    }

    private boolean described(String d) {
      boolean open = text.startsWith("…");
      boolean prefix = text.endsWith("…");
      String core = text.substring(open ? 1 : 0, text.length() - (prefix ? 1 : 0));
      return open ? d.contains(core) : prefix ? d.startsWith(core) : d.equals(core);
    }
  }

  private static Row row(Set<Operation> ops, int status, String error, String text, ErrorReason reason) {
    return new Row(ops, status, error, text, reason);
  }

  /**
   * Read it against docs/protocol.md, "Errors". Where two rows could match, the earlier is the more specific one:
   * {@code access_denied} is an audience without an API with "Service not found: ", refused credentials with 401, a
   * rejected push on the mfa-oob grant, "already enrolled" with that text; {@code invalid_grant "MFA Authorization rejected."} is a wrong recovery code on that grant and a
   * rejected push on mfa-oob.
   */
  private static final List<Row> TABLE = List.of(
      //  ops     HTTP  error                         description                            reason
      row(ALL,    ANY,  "too_many_attempts",          ANY_TEXT,                              TOO_MANY_ATTEMPTS),
      row(ALL,    ANY,  "slow_down",                  ANY_TEXT,                              SLOW_DOWN),
      row(ALL,    ANY,  "access_denied",              "service not found: …",                UNKNOWN_AUDIENCE),
      row(CREDS,  401,  "access_denied",              ANY_TEXT,                              INVALID_CLIENT),
      row(ALL,    ANY,  "invalid_client",             ANY_TEXT,                              INVALID_CLIENT),
      row(ALL,    ANY,  "unauthorized_client",        ANY_TEXT,                              UNAUTHORIZED_CLIENT),
      row(ALL,    429,  ANY_TEXT,                     ANY_TEXT,                              RATE_LIMITED),
      row(ALL,    ANY,  ANY_TEXT,                     "user is already enrolled…",           ALREADY_ENROLLED),
      row(ALL,    ANY,  ANY_TEXT,                     "…oob_code is expired…",               OOB_CODE_EXPIRED),
      row(ALL,    ANY,  "authorization_pending",      ANY_TEXT,                              AUTHORIZATION_PENDING),
      row(ALL,    ANY,  "expired_token",              ANY_TEXT,                              MFA_TOKEN_EXPIRED),
      row(ALL,    ANY,  ANY_TEXT,                     "mfa_token is expired",                MFA_TOKEN_EXPIRED),
      row(ALL,    ANY,  ANY_TEXT,                     "the mfa_token provided is invalid…",  MFA_TOKEN_INVALID),
      row(ALL,    ANY,  ANY_TEXT,                     "malformed mfa_token",                 MFA_TOKEN_INVALID),
      row(ALL,    ANY,  ANY_TEXT,                     "mfa_token not issued to this client…", MFA_TOKEN_INVALID),
      row(RECOV,  ANY,  "invalid_grant",              ANY_TEXT,                              WRONG_RECOVERY_CODE),
      row(OOB,    ANY,  "access_denied",              ANY_TEXT,                              PUSH_REJECTED),
      row(OOB,    ANY,  "invalid_grant",              "mfa authorization rejected",          PUSH_REJECTED),
      row(ALL,    ANY,  "invalid_grant",              "invalid binding_code",                WRONG_BINDING_CODE),
      row(ALL,    ANY,  "invalid_grant",              "invalid otp_code",                    WRONG_OTP),
      row(ALL,    ANY,  "invalid_grant",              "invalid oob_code",                    OOB_CODE_INVALID),
      row(ALL,    ANY,  "invalid_grant",              "malformed oob_code",                  OOB_CODE_INVALID),
      row(ALL,    ANY,  "invalid_grant",              "…doesn't match the mfa_token",        OOB_CODE_INVALID),
      row(ALL,    ANY,  "invalid_grant",              "wrong email or password",             WRONG_CREDENTIALS),
      row(ALL,    ANY,  "invalid_grant",              "wrong username or password",          WRONG_CREDENTIALS),
      row(ALL,    ANY,  "unsupported_challenge_type", ANY_TEXT,                              UNSUPPORTED_CHALLENGE_TYPE),
      row(ALL,    ANY,  "association_required",       ANY_TEXT,                              ASSOCIATION_REQUIRED),
      row(ALL,    ANY,  "invalid_request",            ANY_TEXT,                              INVALID_REQUEST),
      row(ALL,    ANY,  "insufficient_scope",         ANY_TEXT,                              INSUFFICIENT_SCOPE),
      row(ALL,    ANY,  "invalid_token",              ANY_TEXT,                              INVALID_TOKEN),
      row(BEARER, 401,  ANY_TEXT,                     ANY_TEXT,                              INVALID_TOKEN),
      row(BEARER, 403,  "access_denied",              ANY_TEXT,                              INSUFFICIENT_SCOPE),
      row(BEARER, 403,  "",                           ANY_TEXT,                              INSUFFICIENT_SCOPE),
      row(ALL,    404,  ANY_TEXT,                     ANY_TEXT,                              NOT_FOUND),
      row(ALL,    S5XX, ANY_TEXT,                     ANY_TEXT,                              SERVER_ERROR));

  /** The exception for a non-success reply: the error body parsed leniently (an HTML 502 page is fine). */
  public static MfaApiException toException(ApiErrors errors, Operation operation, Reply reply) {
    String error = null;
    String description = null;
    String errorUri = null;
    if (Json.parseOrNull(reply.body()) instanceof Map<?, ?> map) {
      error = map.get("error") instanceof String s ? s : null;
      description = map.get("error_description") instanceof String s ? s : null;
      errorUri = map.get("error_uri") instanceof String s ? s : null;
    }
    ErrorReason reason = reason(operation, reply.status(), error, description);
    return errors.create(reply.status(), reason, error, description, errorUri, reply.rateLimit(),
        reply.sentSecrets());
  }

  /** The typed cause of one error answer: the reason of the first row of {@link #TABLE} that matches. */
  public static ErrorReason reason(Operation op, int status, String error, String description) {
    String e = error == null ? "" : error.trim().toLowerCase(Locale.ROOT);
    String d = normalise(description);
    for (Row row : TABLE) {
      if (row.matches(op, status, e, d)) {
        return row.reason();
      }
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
