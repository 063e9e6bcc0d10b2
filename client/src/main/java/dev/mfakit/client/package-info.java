/**
 * A typed client for the Auth0 MFA API: sign in with a password, enroll (associate) SMS, voice, e-mail, TOTP and
 * push authenticators, challenge and verify them, list and delete them.
 *
 * <p>Start with {@link dev.mfakit.client.MfaClient#builder()}. Per-user credentials ({@link
 * dev.mfakit.client.MfaToken}, {@link dev.mfakit.client.AccessToken}) are method arguments, so one client serves
 * many users at once. Failures are unchecked {@link dev.mfakit.client.MfaException}s with a typed {@link
 * dev.mfakit.client.ErrorReason}; secrets never appear in messages, logs or {@code toString()}.
 */
package dev.mfakit.client;
