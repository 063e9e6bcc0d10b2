package dev.mfakit.sandbox;

/**
 * An authenticator of a sandbox user, as the tenant holds it (for assertions in tests).
 *
 * @param id e.g. {@code sms|dev_Ab12Cd34Ef56Gh78}
 * @param authenticatorType {@code "oob"}, {@code "otp"} or {@code "recovery-code"}
 * @param oobChannel {@code "sms"}, {@code "voice"}, {@code "email"}, {@code "auth0"}, or null when not oob
 * @param active true once the enrollment was confirmed
 */
public record SandboxAuthenticator(String id, String authenticatorType, String oobChannel, boolean active) {}
