package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;

/**
 * What to enroll with {@link MfaClient#associate(Bearer, Enrollment)}. The factories validate at construction
 * ({@link InvalidInputException} naming the field), so an invalid enrollment cannot be sent.
 */
public sealed interface Enrollment {

  /**
   * SMS codes to a phone.
   *
   * @param e164Phone the number in E.164 form, e.g. {@code +15551234567}
   * @return the enrollment
   * @throws InvalidInputException naming {@code phone_number} if the number is not E.164
   */
  static Enrollment sms(String e164Phone) {
    return new Sms(e164Phone);
  }

  /**
   * Codes read out by a phone call.
   *
   * @param e164Phone the number in E.164 form, e.g. {@code +15551234567}
   * @return the enrollment
   * @throws InvalidInputException naming {@code phone_number} if the number is not E.164
   */
  static Enrollment voice(String e164Phone) {
    return new Voice(e164Phone);
  }

  /**
   * Codes by e-mail.
   *
   * @param address the e-mail address
   * @return the enrollment
   * @throws InvalidInputException naming {@code email} if the address is not plausible
   */
  static Enrollment email(String address) {
    return new Email(address);
  }

  /**
   * A TOTP authenticator app; the answer carries the secret and an {@code otpauth://} URI for a QR code.
   *
   * @return the enrollment
   */
  static Enrollment otp() {
    return new Otp();
  }

  /**
   * Guardian push notifications ({@code oob_channels ["auth0"]}); the answer's {@code barcode_uri} is the QR code
   * for the Guardian app.
   *
   * @return the enrollment
   */
  static Enrollment push() {
    return new Push();
  }

  /**
   * SMS enrollment. Prints with the number masked.
   *
   * @param phoneNumber the E.164 number
   */
  record Sms(String phoneNumber) implements Enrollment {
    /**
     * Validates the number.
     *
     * @param phoneNumber see {@link #phoneNumber()}
     */
    public Sms {
      Validation.phone(phoneNumber, "phone_number");
    }

    @Override
    public String toString() {
      return "Sms[phoneNumber=" + Redaction.phone(phoneNumber) + "]";
    }
  }

  /**
   * Voice enrollment. Prints with the number masked.
   *
   * @param phoneNumber the E.164 number
   */
  record Voice(String phoneNumber) implements Enrollment {
    /**
     * Validates the number.
     *
     * @param phoneNumber see {@link #phoneNumber()}
     */
    public Voice {
      Validation.phone(phoneNumber, "phone_number");
    }

    @Override
    public String toString() {
      return "Voice[phoneNumber=" + Redaction.phone(phoneNumber) + "]";
    }
  }

  /**
   * E-mail enrollment.
   *
   * @param address the e-mail address
   */
  record Email(String address) implements Enrollment {
    /**
     * Validates the address.
     *
     * @param address see {@link #address()}
     */
    public Email {
      Validation.email(address, "email");
    }
  }

  /** TOTP app enrollment. */
  record Otp() implements Enrollment {}

  /** Guardian push enrollment. */
  record Push() implements Enrollment {}
}
