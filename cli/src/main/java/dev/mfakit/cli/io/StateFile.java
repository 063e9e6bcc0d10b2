package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state file that splits a journey across runs ({@code --state FILE}): JSON with the {@code mfa_token} and
 * where it is valid, plus the pending {@code oob_code} after {@code associate} or {@code challenge}. Written 0600
 * and atomically; never holds a recovery code, password or client secret.
 *
 * @param flow which verb wrote it: {@code login}, {@code associate} or {@code challenge}
 * @param mfaToken the mfa_token
 * @param mfaTokenExpiresAt when the mfa_token stops working, or null if unknown
 * @param domain the base URL the token belongs to
 * @param clientId the client id the token belongs to
 * @param oobCode the pending out-of-band code, or null
 * @param expiresAt when {@code oobCode} stops working, or null
 * @param oobChannel {@code sms}, {@code voice}, {@code email}... or null
 * @param recipient where the code went, masked, or null
 * @param challengeType {@code otp} or {@code oob} after {@code challenge}, or null
 * @param authenticatorId the authenticator challenged, or null
 */
public record StateFile(String flow, String mfaToken, Instant mfaTokenExpiresAt, String domain, String clientId,
             String oobCode, Instant expiresAt, String oobChannel, String recipient, String challengeType,
             String authenticatorId) {

  private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** A state that holds just a signed-in user's mfa_token. */
  public static StateFile signedIn(String mfaToken, Instant mfaTokenExpiresAt, String domain, String clientId) {
    return new StateFile("login", mfaToken, mfaTokenExpiresAt, domain, clientId, null, null, null, null, null, null);
  }

  /**
   * Reads and checks a state file.
   *
   * @throws Failure (exit 2) naming the file and the field when it is unreadable or malformed
   */
  public static StateFile read(Path file) {
    String text = SecureFiles.readChecked("--state", file);
    Map<String, Object> json;
    try {
      json = Json.parseObject(text);
    } catch (IOException e) {
      throw malformed(file, e.getMessage());
    }
    return new StateFile(
        optionalString(file, json, "flow"),
        token(file, "mfa_token", requiredString(file, json, "mfa_token")),
        optionalInstant(file, json, "mfa_token_expires_at"),
        requiredString(file, json, "domain"),
        requiredString(file, json, "client_id"),
        token(file, "oob_code", optionalString(file, json, "oob_code")),
        optionalInstant(file, json, "expires_at"),
        optionalString(file, json, "oob_channel"),
        optionalString(file, json, "recipient"),
        optionalString(file, json, "challenge_type"),
        optionalString(file, json, "authenticator_id"));
  }

  /**
   * After a step that succeeded but could not write all its outputs: rewrites {@code file} without its spent code
   * (a rerun of verify would only fail with "already used"), keeping the mfa_token, which still works until it
   * expires.
   *
   * @return what {@code file} is still good for, for the failure message
   */
  public static String keepMfaTokenOnly(Path file) {
    try {
      StateFile spent = read(file);
      signedIn(spent.mfaToken, spent.mfaTokenExpiresAt, spent.domain, spent.clientId).write(file);
      String until = spent.mfaTokenExpiresAt == null ? "valid 10 minutes from the sign-in"
          : "valid until " + HOUR_MINUTE.format(spent.mfaTokenExpiresAt);
      return file + " still holds the mfa_token (" + until + ") for mfa challenge --state " + file;
    } catch (IOException | RuntimeException e) {
      return file + " was kept as it was, but its code is spent";
    }
  }

  /** Writes this state to {@code file} (0600, atomically, replacing it). */
  public void write(Path file) throws IOException {
    SecureFiles.writeAtomically(file, Json.pretty(toJson()) + "\n");
  }

  /** Fields in file order; nulls are left out. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flow", flow);
    m.put("mfa_token", mfaToken);
    m.put("mfa_token_expires_at", rfc3339(mfaTokenExpiresAt));
    m.put("domain", domain);
    m.put("client_id", clientId);
    m.put("oob_code", oobCode);
    m.put("expires_at", rfc3339(expiresAt));
    m.put("oob_channel", oobChannel);
    m.put("recipient", recipient);
    m.put("challenge_type", challengeType);
    m.put("authenticator_id", authenticatorId);
    return m;
  }

  /** RFC 3339 in UTC, whole seconds ({@code 2026-01-01T12:00:00Z}), or null. */
  public static String rfc3339(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  // A file someone else may see must not echo the token; messages name the field, never its value.
  private static Failure malformed(Path file, String why) {
    return Failure.usage("--state: " + file + " is not a valid state file (" + why + "). Write it again with ",
        "mfa login/associate/challenge --state " + file);
  }

  private static String requiredString(Path file, Map<String, Object> json, String key) {
    String s = optionalString(file, json, key);
    if (s == null || s.isBlank()) {
      throw malformed(file, "missing " + key);
    }
    return s;
  }

  /** A token or code as the tenant issues them: no whitespace or control characters (else it is not ours). */
  private static String token(Path file, String key, String value) {
    if (value != null && value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
        || Character.isSpaceChar(c))) {
      throw malformed(file, key + " has spaces or control characters");
    }
    return value;
  }

  private static String optionalString(Path file, Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw malformed(file, key + " must be a string");
    }
    return s;
  }

  private static Instant optionalInstant(Path file, Map<String, Object> json, String key) {
    String s = optionalString(file, json, key);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed(file, key + " must be an RFC 3339 time such as 2026-01-01T12:00:00Z");
    }
  }
}
