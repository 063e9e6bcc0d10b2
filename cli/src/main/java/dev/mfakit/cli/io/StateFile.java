package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state file that splits a journey across runs ({@code --state FILE}): JSON with the {@code mfa_token} and
 * where it is valid, plus the pending step after {@code associate} or {@code challenge}. An enrollment made with an
 * access token for the MFA API (a user adding a further factor) keeps that token instead ({@code access_token}, {@code
 * access_token_expires_at}, and no {@code mfa_token}): it is what confirms it. Written 0600 and atomically; never
 * holds a recovery code, password, client secret or TOTP secret. Prints without its secrets.
 *
 * @param flow which verb wrote it, or null when the file names none this version knows
 * @param mfaToken the mfa_token, with its expiry when known; null when the file holds an access token instead
 * @param domain the base URL the token belongs to
 * @param clientId the client id the token belongs to
 * @param oobCode the pending out-of-band code, or null
 * @param expiresAt when {@code oobCode} stops working, or null
 * @param oobChannel the channel of the pending step, or null
 * @param recipient where the code went, masked, or null
 * @param challengeType how the pending step is answered: {@code otp} or {@code oob} after {@code challenge}; {@code
 *     otp} for an authenticator app's enrollment; else null
 * @param authenticatorId the authenticator challenged, or null
 * @param accessToken the access token an enrollment was made with (and is confirmed with), or null when the file
 *     holds an mfa_token
 */
public record StateFile(Flow flow, MfaToken mfaToken, String domain, String clientId, String oobCode,
                        Instant expiresAt, OobChannel oobChannel, String recipient, ChallengeType challengeType,
                        String authenticatorId, AccessToken accessToken) {

  /** Exactly one of the two tokens. */
  public StateFile {
    if ((mfaToken == null) == (accessToken == null)) {
      throw new IllegalArgumentException("a state file holds an mfa_token or an access token");
    }
  }

  /**
   * What the file's step is confirmed with: its mfa_token, or the access token of an enrollment made with one.
   *
   * @return the token
   */
  public Bearer bearer() {
    return mfaToken != null ? mfaToken : accessToken;
  }

  /** Which verb wrote a state file (its {@code flow} field). */
  public enum Flow {
    /** {@code mfa login --state}: just the mfa_token. */
    LOGIN("login"),
    /** {@code mfa associate --no-input --state}: an enrollment waiting for its code. */
    ASSOCIATE("associate"),
    /** {@code mfa challenge --state}: a sign-in challenge waiting for its answer. */
    CHALLENGE("challenge");

    private final String wireName;

    Flow(String wireName) {
      this.wireName = wireName;
    }

    /**
     * Its name in the file.
     *
     * @return {@code login}, {@code associate} or {@code challenge}
     */
    String wireName() {
      return wireName;
    }

    static Flow fromWire(String name) {
      for (Flow f : values()) {
        if (f.wireName.equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  /**
   * A state that holds just a signed-in user's mfa_token.
   *
   * @param mfaToken the token
   * @param domain the tenant's base URL
   * @param clientId the client id
   * @return the state
   */
  public static StateFile signedIn(MfaToken mfaToken, String domain, String clientId) {
    return new StateFile(Flow.LOGIN, mfaToken, domain, clientId, null, null, null, null, null, null, null);
  }

  /**
   * A state that keeps an association waiting for its confirmation.
   *
   * @param pending the association
   * @param domain the tenant's base URL
   * @param clientId the client id
   * @return the state
   */
  public static StateFile associated(Pending pending, String domain, String clientId) {
    // An app's enrollment has no channel to tell its factor by: its answer type says it.
    ChallengeType answer = pending.factor().type() == AuthenticatorType.OTP ? ChallengeType.OTP : null;
    // An enrollment made with an access token is confirmed with it (docs/protocol.md): the file keeps that instead.
    return new StateFile(Flow.ASSOCIATE, pending.mfaToken() instanceof MfaToken m ? m : null, domain, clientId,
        pending.oobCode(), pending.expiresAt(), pending.factor().channel(), pending.recipient(), answer, null,
        pending.mfaToken() instanceof AccessToken a ? a : null);
  }

  /**
   * A state that keeps a sign-in challenge waiting for its answer.
   *
   * @param pending the challenge
   * @param authenticatorId the authenticator challenged
   * @param domain the tenant's base URL
   * @param clientId the client id
   * @return the state
   */
  public static StateFile challenged(Pending pending, String authenticatorId, String domain, String clientId) {
    boolean otp = pending.factor().type() == AuthenticatorType.OTP;
    if (!(pending.mfaToken() instanceof MfaToken token)) {
      throw new IllegalArgumentException("a sign-in challenge is answered with its mfa_token");
    }
    return new StateFile(Flow.CHALLENGE, token, domain, clientId, pending.oobCode(),
        pending.expiresAt(), pending.factor().channel(), pending.recipient(),
        otp ? ChallengeType.OTP : ChallengeType.OOB, authenticatorId, null);
  }

  /**
   * The kind of factor of the pending step.
   *
   * @return an authenticator app when the step is answered with its code, else the kind of {@link #oobChannel()}
   */
  public FactorKind factor() {
    return challengeType == ChallengeType.OTP ? FactorKind.AUTHENTICATOR_APP
        : FactorKind.of(AuthenticatorType.OOB, oobChannel);
  }

  /**
   * How {@code mfa verify --state FILE} answers the pending step.
   *
   * @return {@code --push}, {@code --otp CODE} or {@code --code CODE}
   */
  public String answeredWith() {
    FactorKind kind = factor();
    return kind == FactorKind.PUSH ? "--push" : kind == FactorKind.AUTHENTICATOR_APP ? "--otp CODE" : "--code CODE";
  }

  /**
   * The pending step, to confirm.
   *
   * @return what confirming needs
   */
  public Pending pending() {
    return new Pending(factor(), bearer(), oobCode, expiresAt, recipient, null);
  }

  /**
   * Reads and checks a state file.
   *
   * @param file the file
   * @return the state
   * @throws Failure (exit 2) naming the file and the field when it is unreadable or malformed
   */
  public static StateFile read(Path file) {
    return parse(file, SecureFiles.readChecked("--state", file));
  }

  /** The state in {@code text}, read from {@code file}; see {@link #read}. */
  private static StateFile parse(Path file, String text) {
    Map<String, Object> json;
    try {
      json = Json.parseObject(text);
    } catch (IOException e) {
      throw malformed(file, e.getMessage());
    }
    // Checked in file order, so the first problem is the one reported.
    String flow = optionalString(file, json, "flow");
    // An enrollment made with an access token keeps that token instead of an mfa_token.
    String access = json.get("mfa_token") == null ? token(file, "access_token", optionalString(file, json,
        "access_token")) : null;
    String token = access != null ? null : token(file, "mfa_token", requiredString(file, json, "mfa_token"));
    Instant tokenExpiresAt = optionalInstant(file, json, access != null ? "access_token_expires_at"
        : "mfa_token_expires_at");
    String domain = requiredString(file, json, "domain");
    String clientId = requiredString(file, json, "client_id");
    String oobCode = token(file, "oob_code", optionalString(file, json, "oob_code"));
    Instant expiresAt = optionalInstant(file, json, "expires_at");
    String channel = optionalString(file, json, "oob_channel");
    String recipient = optionalString(file, json, "recipient");
    String challengeType = optionalString(file, json, "challenge_type");
    String authenticatorId = optionalString(file, json, "authenticator_id");
    Flow f = Flow.fromWire(flow);
    if (access != null && (f != Flow.ASSOCIATE || oobCode == null && challengeType == null)) {
      throw malformed(file, "an access_token is kept only for a pending enrollment");
    }
    return new StateFile(f, token == null ? null : new MfaToken(token, tokenExpiresAt), domain, clientId, oobCode,
        expiresAt, channel == null ? null : OobChannel.fromWire(channel), recipient,
        challengeType == null ? null : ChallengeType.fromWire(challengeType), authenticatorId,
        access == null ? null : new AccessToken(access, tokenExpiresAt));
  }

  /**
   * Checks, before any request, that a run which writes a new state to {@code file} without reading it loses nothing
   * there: a state whose step waits for its code or approval (an enrollment, a challenge) is never replaced silently,
   * nor is a file that is not a state file. A signed-in state (an mfa_token alone) and a step that expired hold nothing
   * a new sign-in cannot give, and are replaced. (A run that continues from {@code file}, reading it first, replaces
   * its own journey's step.)
   *
   * @param file the {@code --state} path
   * @param now the time, to tell an expired step
   * @throws Failure (exit 2) saying how to finish the pending step, or to delete the file
   */
  public static void checkReplaceable(Path file, Instant now) {
    String text = SecureFiles.readExisting("--state", file);
    if (text == null) {
      return;
    }
    StateFile old;
    try {
      old = parse(file, text);
    } catch (Failure f) {
      throw Failure.usage("--state: " + file + " exists and is not a state file of mfa; pick a new path or remove it");
    }
    // A step waits for a sent code or a push (its oob_code), or for an app's code (an enrollment or a challenge).
    boolean pending = old.oobCode() != null || old.challengeType() == ChallengeType.OTP;
    boolean expired = (old.expiresAt() != null && !now.isBefore(old.expiresAt()))
        || (old.bearer().expiresAt() != null && !now.isBefore(old.bearer().expiresAt()));
    if (!pending || expired) {
      return;
    }
    FactorKind kind = old.factor();
    String waiting = kind == FactorKind.PUSH ? "its approval" : "its code";
    String what = (old.flow() == Flow.CHALLENGE ? "a sign-in challenge" : "an enrollment") + " waiting for " + waiting
        + " (" + (kind == FactorKind.AUTHENTICATOR_APP ? "an authenticator app" : kind.title()
        + (old.recipient() == null ? "" : " to " + old.recipient()))
        + (old.expiresAt() == null ? "" : ", until " + HOUR_MINUTE.format(old.expiresAt())) + ")";
    String answer = kind == FactorKind.PUSH ? " --push" : kind == FactorKind.AUTHENTICATOR_APP ? " --otp CODE"
        : " --code CODE";
    throw Failure.usage("--state: " + file + " holds " + what + ", which this run would replace. Delete it to start"
        + " over, or finish it with: ", "mfa verify --state " + Shell.quote(file) + answer);
  }

  /**
   * After a step that succeeded but could not write all its outputs: rewrites {@code file} without its spent code
   * (a rerun of verify would only fail with "already used"), keeping the mfa_token, which still works until it
   * expires.
   *
   * @param file the state file
   * @return what {@code file} is still good for, for the failure message
   */
  public static String keepMfaTokenOnly(Path file) {
    try {
      StateFile spent = read(file);
      if (spent.mfaToken == null) {
        return file + " was kept as it was, but its code is spent";
      }
      signedIn(spent.mfaToken, spent.domain, spent.clientId).write(file);
      Instant until = spent.mfaToken.expiresAt();
      return file + " still holds the mfa_token (" + (until == null ? "valid 10 minutes from the sign-in"
          : "valid until " + HOUR_MINUTE.format(until)) + ") for mfa challenge --state " + Shell.quote(file);
    } catch (IOException | RuntimeException e) {
      return file + " was kept as it was, but its code is spent";
    }
  }

  /**
   * Writes this state to {@code file} (0600, atomically, replacing it).
   *
   * @param file the file
   * @throws IOException when it cannot be written (the old file, if any, is left as it was)
   */
  public void write(Path file) throws IOException {
    SecureFiles.writeAtomically(file, Json.pretty(toJson()) + "\n");
  }

  /**
   * The fields in file order; nulls are left out when written.
   *
   * @return the fields by their names in the file
   */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flow", flow == null ? null : flow.wireName());
    m.put("mfa_token", mfaToken == null ? null : mfaToken.value());
    m.put("mfa_token_expires_at", mfaToken == null ? null : Json.time(mfaToken.expiresAt()));
    m.put("access_token", accessToken == null ? null : accessToken.value());
    m.put("access_token_expires_at", accessToken == null ? null : Json.time(accessToken.expiresAt()));
    m.put("domain", domain);
    m.put("client_id", clientId);
    m.put("oob_code", oobCode);
    m.put("expires_at", Json.time(expiresAt));
    m.put("oob_channel", oobChannel == null ? null : oobChannel.wireName());
    m.put("recipient", recipient);
    m.put("challenge_type", challengeType == null ? null : challengeType.wireName());
    m.put("authenticator_id", authenticatorId);
    return m;
  }

  @Override
  public String toString() {
    return "StateFile[flow=" + flow + ", mfaToken=" + mfaToken + ", domain=" + domain + ", clientId=" + clientId
        + ", oobCode=" + (oobCode == null ? null : "██") + ", expiresAt=" + expiresAt + ", oobChannel=" + oobChannel
        + ", recipient=" + recipient + ", challengeType=" + challengeType + ", authenticatorId=" + authenticatorId
        + ", accessToken=" + accessToken + "]";
  }

  // A file someone else may see must not echo the token; messages name the field, never its value.
  private static Failure malformed(Path file, String why) {
    return Failure.usage("--state: " + file + " is not a valid state file (" + why + "). Write it again with ",
        "mfa login/associate/challenge --state " + Shell.quote(file));
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
