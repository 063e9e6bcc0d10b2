package dev.mfakit.client;

/**
 * The typed cause of an {@link MfaApiException}, derived from the HTTP status and the {@code error} / {@code
 * error_description} pair. The raw values stay available on the exception.
 */
public enum ErrorReason {
  /** {@code 403 invalid_grant "Wrong email or password."} on a password sign-in. */
  WRONG_CREDENTIALS,
  /** {@code invalid_grant "Invalid binding_code."}: the code the user typed is wrong. */
  WRONG_BINDING_CODE,
  /** {@code invalid_grant "Invalid otp_code."}: the TOTP code is wrong. */
  WRONG_OTP,
  /** {@code invalid_grant} on the recovery-code grant: the recovery code is wrong. */
  WRONG_RECOVERY_CODE,
  /** {@code expired_token "mfa_token is expired"}: sign in again. */
  MFA_TOKEN_EXPIRED,
  /** {@code invalid_grant "Malformed mfa_token"}: not an mfa_token (an access token, perhaps). */
  MFA_TOKEN_MALFORMED,
  /** {@code "oob_code is expired"} (any error code): challenge again. */
  OOB_CODE_EXPIRED,
  /** {@code invalid_grant "Invalid oob_code."}: unknown or already used. */
  OOB_CODE_INVALID,
  /** {@code 400 authorization_pending}: the push was not approved yet (or the wait deadline passed). */
  AUTHORIZATION_PENDING,
  /** {@code 400 slow_down}: poll less often. */
  SLOW_DOWN,
  /** {@code access_denied} or {@code invalid_grant} with {@code "MFA Authorization rejected."}: the user said no. */
  PUSH_REJECTED,
  /** {@code unsupported_challenge_type}: no enrolled authenticator of that type (or none at all). */
  UNSUPPORTED_CHALLENGE_TYPE,
  /** {@code association_required}: the user must enroll first. */
  ASSOCIATION_REQUIRED,
  /** A description starting with {@code "User is already enrolled"}: use an access token with scope enroll. */
  ALREADY_ENROLLED,
  /** {@code too_many_attempts}: too many failed codes, the user is locked for a while. Never retried. */
  TOO_MANY_ATTEMPTS,
  /** 429 (other than {@code too_many_attempts}): rate limited; see {@link MfaApiException#rateLimit()}. */
  RATE_LIMITED,
  /** {@code invalid_client}: client authentication failed. */
  INVALID_CLIENT,
  /** {@code unauthorized_client}: the grant type is not enabled for the application. */
  UNAUTHORIZED_CLIENT,
  /** {@code invalid_request}: a parameter is missing or invalid. */
  INVALID_REQUEST,
  /** 401 on {@code /mfa/*}: the Bearer token is invalid or expired. */
  INVALID_TOKEN,
  /** {@code insufficient_scope}, or 403 {@code access_denied} on {@code /mfa/*}: the token lacks a scope. */
  INSUFFICIENT_SCOPE,
  /** 404. */
  NOT_FOUND,
  /** 5xx. */
  SERVER_ERROR,
  /** Anything else; status, error and description are still available. */
  UNKNOWN
}
