package dev.mfakit.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An SMS, voice call or e-mail the sandbox "sent": it lands in the outbox instead of a phone or mailbox.
 *
 * @param sentAt when it was sent, on the tenant's virtual clock
 * @param channel {@code "sms"}, {@code "voice"} or {@code "email"}
 * @param recipient the E.164 phone number or e-mail address, as given at enrollment
 * @param code the 6-digit code it carries (the {@code binding_code})
 * @param text the full message text, code included
 */
public record SentMessage(Instant sentAt, String channel, String recipient, String code, String text) {

  /**
   * Checks that no component is null.
   *
   * @param sentAt when it was sent, on the tenant's virtual clock
   * @param channel {@code "sms"}, {@code "voice"} or {@code "email"}
   * @param recipient the E.164 phone number or e-mail address, as given at enrollment
   * @param code the 6-digit code it carries (the {@code binding_code})
   * @param text the full message text, code included
   */
  public SentMessage {
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
  }

  /** Redacted: the code and text are secrets, and phone numbers are masked. */
  @Override
  public String toString() {
    return "SentMessage[sentAt=" + sentAt + ", channel=" + channel + ", recipient=" + mask(recipient)
        + ", code=██, text=██]";
  }

  private static String mask(String recipient) {
    if (recipient.indexOf('@') >= 0 || recipient.length() <= 6) {
      return recipient.indexOf('@') >= 0 ? recipient : "******";
    }
    return recipient.substring(0, 2) + "*".repeat(recipient.length() - 6) + recipient.substring(recipient.length() - 4);
  }
}
