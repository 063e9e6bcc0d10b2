package dev.mfakit.client;

/**
 * An argument this client refused before building a request: a malformed phone number, a blank domain, an http URL
 * for a remote tenant. It names the {@link #field()} and the {@link #rule()} it broke, as data, so a caller can say
 * it in its own words (an option name instead of the wire field); the message is {@code field + " " + rule} and never
 * contains the value (it may be a phone number or a secret).
 */
public final class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Which kind of rule an input broke. */
  public enum Kind {
    /** Absent, empty or blank where a value is required. */
    MISSING,
    /** Present but not of the required shape (or range). */
    MALFORMED,
    /** A URL whose scheme is not https (plain http is allowed only for loopback hosts). */
    NOT_HTTPS
  }

  /** The field or setting refused. */
  private final String field;
  /** What was wrong with it. */
  private final Kind kind;
  /** The rule it broke, in words. */
  private final String rule;

  /**
   * Creates the exception.
   *
   * @param field the field or setting: the wire name for a value the request carries ({@code phone_number}), else
   *     the name of the setting or parameter ({@code domain})
   * @param kind which kind of rule was broken
   * @param rule the rule, as the rest of a sentence that starts with the field ({@code "must be E.164: ..."})
   */
  public InvalidInputException(String field, Kind kind, String rule) {
    super(field + " " + rule);
    this.field = field;
    this.kind = kind;
    this.rule = rule;
  }

  /**
   * The field or setting the failure is about: the wire name of a value the request would carry ({@code
   * phone_number}, {@code email}, {@code oob_code}, {@code binding_code}, {@code otp}, {@code recovery_code}, {@code
   * authenticator_id}, {@code mfa_token}, {@code client_id}, {@code client_secret}, {@code challenge_type}); for a
   * setting that is not sent as such, its builder or parameter name ({@code domain}, {@code baseUrl}, {@code
   * connectTimeout}, {@code maxAttempts}).
   *
   * @return the name, never null
   */
  public String field() {
    return field;
  }

  /**
   * Which kind of rule was broken.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The rule, worded to follow the field's name.
   *
   * @return e.g. {@code "must not have a query or fragment"}
   */
  public String rule() {
    return rule;
  }
}
