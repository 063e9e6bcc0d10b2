package dev.mfakit.cli.flow;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;

/**
 * The kinds of second factor, with their names in one place and the strategy ({@link Factor}) that confirms each.
 * A new kind is one constant here and one {@link Factor} class.
 */
public enum FactorKind {
  /** Codes by text message. */
  SMS(AuthenticatorType.OOB, OobChannel.SMS, "SMS", "SMS", "--phone E164"),
  /** Codes read out by a phone call. */
  VOICE(AuthenticatorType.OOB, OobChannel.VOICE, "Voice", "voice call", "--voice E164"),
  /** Codes by e-mail. */
  EMAIL(AuthenticatorType.OOB, OobChannel.EMAIL, "E-mail", "e-mail", "--email ADDR"),
  /** Guardian push notifications, approved in the app. */
  PUSH(AuthenticatorType.OOB, OobChannel.AUTH0, "Push", "push notification", "--push"),
  /** TOTP codes from an authenticator app. */
  AUTHENTICATOR_APP(AuthenticatorType.OTP, null, "Authenticator app", null, "--authenticator-app"),
  /** An out-of-band channel this command does not know (or none given): treated as a sent code. */
  OTHER_OOB(AuthenticatorType.OOB, null, "Out-of-band", null, null);

  private final AuthenticatorType type;
  private final OobChannel channel;
  private final String title;
  private final String message;
  private final String option;

  FactorKind(AuthenticatorType type, OobChannel channel, String title, String message, String option) {
    this.type = type;
    this.channel = channel;
    this.title = title;
    this.message = message;
    this.option = option;
  }

  /**
   * The kind of a listed (or associated) authenticator.
   *
   * @param type its {@code authenticator_type}
   * @param channel its {@code oob_channel}, or null
   * @return the kind; null for a recovery code or an unknown type (nothing to challenge)
   */
  public static FactorKind of(AuthenticatorType type, OobChannel channel) {
    if (type == AuthenticatorType.OTP) {
      return AUTHENTICATOR_APP;
    }
    if (type != AuthenticatorType.OOB) {
      return null;
    }
    for (FactorKind k : values()) {
      if (k.type == AuthenticatorType.OOB && k.channel != null && k.channel == channel) {
        return k;
      }
    }
    return OTHER_OOB;
  }

  /**
   * The kind of a listed authenticator.
   *
   * @param a the authenticator
   * @return see {@link #of(AuthenticatorType, OobChannel)}
   */
  public static FactorKind of(Authenticator a) {
    return of(a.authenticatorType(), a.oobChannel());
  }

  /**
   * The strategy that confirms this kind (answers its challenges, confirms a pending association).
   *
   * @param recipient where its codes go, masked, or null
   * @return the strategy, built for answering (no enrollment)
   */
  public Factor answering(String recipient) {
    return switch (this) {
      case AUTHENTICATOR_APP -> OtpFactor.answering();
      case PUSH -> PushFactor.answering(recipient);
      default -> new OobFactor(this, recipient, null);
    };
  }

  /**
   * Its {@code authenticator_type}.
   *
   * @return OOB or OTP
   */
  public AuthenticatorType type() {
    return type;
  }

  /**
   * Its {@code oob_channel}.
   *
   * @return the channel, or null (an authenticator app, or a channel this command does not know)
   */
  public OobChannel channel() {
    return channel;
  }

  /**
   * What to call an authenticator of this kind.
   *
   * @return {@code SMS}, {@code Voice}, {@code E-mail}, {@code Push}, {@code Authenticator app}...
   */
  public String title() {
    return title;
  }

  /**
   * An entry of the user's list as every output names it: its kind's title and the tenant's own (masked) name.
   *
   * @param a the entry
   * @return e.g. {@code SMS XXXXXXXX4567}, {@code Authenticator app}; the wire type for a kind not known here
   */
  public static String label(Authenticator a) {
    FactorKind kind = of(a);
    return (kind == null ? a.authenticatorType().wireName() : kind.title()) + (a.name() == null ? "" : " " + a.name());
  }

  /**
   * What it sends, in a sentence.
   *
   * @return {@code SMS}, {@code voice call}, {@code e-mail}, {@code push notification}; null when nothing is sent
   */
  public String message() {
    return message;
  }

  /**
   * How a code of this kind went: {@code by SMS to +1******4567}.
   *
   * @param maskedRecipient where it went (already masked), or null
   * @return the phrase
   */
  public String where(String maskedRecipient) {
    String to = maskedRecipient == null ? "" : " to " + maskedRecipient;
    return (message == null ? "out of band" : "by " + message) + to;
  }

  /**
   * The {@code mfa associate} option that enrolls this kind, with its parameter: {@code --phone E164}.
   *
   * @return the option, or null when {@code mfa associate} does not offer it
   */
  public String option() {
    return option;
  }

  /**
   * Whether a listed authenticator is of this kind.
   *
   * @param a the authenticator
   * @return true for the same type and (out of band) channel
   */
  public boolean is(Authenticator a) {
    return a.authenticatorType() == type && (type != AuthenticatorType.OOB || a.oobChannel() == channel);
  }
}
