package dev.mfakit.client;

/**
 * The typed cause of an {@link MfaApiException}, decided from the call, the HTTP status and the {@code error} /
 * {@code error_description} pair together (docs/protocol.md, "Errors", lists every answer). The raw values stay
 * available on the exception.
 */
public enum ErrorReason {
  /** {@code 403 invalid_grant "Wrong email or password."} on a password sign-in. */
  WRONG_CREDENTIALS,
  /** {@code invalid_grant "Invalid binding_code."}: the code the user typed is wrong. */
  WRONG_BINDING_CODE,
  /** {@code invalid_grant "Invalid otp_code."}: the TOTP code is wrong. */
  WRONG_OTP,
  /**
   * {@code invalid_grant} on the recovery-code grant ({@code "MFA Authorization rejected."} on a real tenant): the
   * recovery code is wrong, or was used already.
   */
  WRONG_RECOVERY_CODE,
  /** {@code expired_token "mfa_token is expired"}: sign in again. */
  MFA_TOKEN_EXPIRED,
  /**
   * The tenant does not accept this mfa_token: {@code 401 invalid_grant "The mfa_token provided is invalid. Try
   * getting a new token."} on {@code /mfa/*}, {@code invalid_grant "Malformed mfa_token"} in a body, {@code
   * invalid_request "mfa_token not issued to this client"}. Garbled, from another tenant or application, or not an
   * mfa_token at all (an access token, perhaps): sign in again.
   */
  MFA_TOKEN_INVALID,
  /** {@code "oob_code is expired"} (any error code): challenge again. */
  OOB_CODE_EXPIRED,
  /** {@code invalid_grant "Invalid oob_code."}: unknown or already used. */
  OOB_CODE_INVALID,
  /** {@code 400 authorization_pending}: the push was not approved yet (or the wait deadline passed). */
  AUTHORIZATION_PENDING,
  /** {@code slow_down}, whatever the status (400, or 429 as Auth0's other polling grants): poll less often. */
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
  /**
   * The application's credentials were refused (an unknown client id, a wrong secret, a bad assertion): {@code 401
   * access_denied "Unauthorized"} on a real tenant, whatever the call, or {@code invalid_client}.
   */
  INVALID_CLIENT,
  /**
   * {@code 403 unauthorized_client "Grant type '…' not allowed for the client."}: the application may not use that
   * grant (its Grant Types, under Advanced Settings); {@link MfaApiException#errorUri()} names Auth0's page on it.
   */
  UNAUTHORIZED_CLIENT,
  /** {@code invalid_request}: a parameter is missing or invalid. */
  INVALID_REQUEST,
  /** 401 on {@code /mfa/*} (other than the answers above): the Bearer token is invalid or expired. */
  INVALID_TOKEN,
  /**
   * {@code 403 access_denied "Service not found: <audience>"} on {@code /oauth/token}: the tenant has no API with the
   * {@code audience} asked for (Dashboard: Applications &gt; APIs). Check the audience; the MFA API's is {@code
   * https://{domain}/mfa/}.
   */
  UNKNOWN_AUDIENCE,
  /** {@code insufficient_scope}, or 403 {@code access_denied} on {@code /mfa/*}: the token lacks a scope. */
  INSUFFICIENT_SCOPE,
  /** 404. */
  NOT_FOUND,
  /** 5xx. */
  SERVER_ERROR,
  /** Anything else; status, error and description are still available. */
  UNKNOWN
}
