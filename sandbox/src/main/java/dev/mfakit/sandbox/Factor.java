package dev.mfakit.sandbox;

/** A factor the sandbox tenant offers; each can be switched on or off with {@link SandboxTenant#setFactorEnabled}. */
public enum Factor {
  /** Codes by SMS ({@code oob_channels: ["sms"]}). */
  SMS,
  /** Codes by voice call ({@code oob_channels: ["voice"]}). */
  VOICE,
  /** Codes by e-mail ({@code oob_channels: ["email"]}). */
  EMAIL,
  /** A TOTP authenticator app ({@code authenticator_types: ["otp"]}). */
  OTP,
  /** Guardian push ({@code oob_channels: ["auth0"]}), approved or rejected through the control API. */
  PUSH
}
