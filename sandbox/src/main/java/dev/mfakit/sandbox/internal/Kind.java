package dev.mfakit.sandbox.internal;

import dev.mfakit.sandbox.Factor;

/** The kinds of authenticator: id prefix, wire type, oob channel, and the newer {@code type} value. */
enum Kind {
  SMS("sms", "oob", "sms", "phone", Factor.SMS),
  VOICE("voice", "oob", "voice", "phone", Factor.VOICE),
  EMAIL("email", "oob", "email", "email", Factor.EMAIL),
  PUSH("push", "oob", "auth0", "push-notification", Factor.PUSH),
  TOTP("totp", "otp", null, "otp", Factor.OTP),
  RECOVERY_CODE("recovery-code", "recovery-code", null, "recovery-code", null);

  final String prefix;
  final String authenticatorType;
  final String oobChannel;
  final String type;
  final Factor factor;

  Kind(String prefix, String authenticatorType, String oobChannel, String type, Factor factor) {
    this.prefix = prefix;
    this.authenticatorType = authenticatorType;
    this.oobChannel = oobChannel;
    this.type = type;
    this.factor = factor;
  }

  static Kind ofChannel(String channel) {
    for (Kind k : values()) {
      if (channel.equals(k.oobChannel)) {
        return k;
      }
    }
    return null;
  }
}
