package dev.mfakit.examples;

/**
 * Where the code the user received comes from. In an application, the user types it into your form; in {@code
 * ExamplesTest}, it is read from the sandbox's outbox. The examples never know which.
 */
@FunctionalInterface
public interface Inbox {
  /**
   * The code the user received.
   *
   * @param recipient the E.164 phone number (or e-mail address) the code was sent to
   * @return the 6-digit code as the user typed it
   */
  String codeSentTo(String recipient);
}
