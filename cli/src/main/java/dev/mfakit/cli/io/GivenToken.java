package dev.mfakit.cli.io;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.MfaToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A token handed to a run (a file, stdin, the environment), in the one format every verb reads: the token alone, or
 * the JSON that {@code mfa login --token-file} writes (its {@code access_token}; a state file's {@code mfa_token}).
 * An access token is checked before it is sent, as far as it tells: one that is plainly not for the MFA API (another
 * audience, or an opaque token), lacks the scope the job needs, or has expired is answered here, with how to get a
 * right one, instead of being refused by the tenant.
 */
public final class GivenToken {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private GivenToken() {}

  /**
   * What an access token is needed for, and how to get one: named in messages.
   *
   * @param scope the scope the job needs, e.g. {@code remove:authenticators}
   * @param audience the MFA API's audience, {@code https://acme.us.auth0.com/mfa/}
   * @param job what it is needed for, e.g. {@code deleting}
   * @param username who signs in for a new token, or null when not known (the command then says {@code NAME})
   * @param tokenFile where the user keeps the token ({@code --access-token-file}), or null for {@code at.json}
   */
  public record Need(String scope, String audience, String job, String username, java.nio.file.Path tokenFile) {
    /**
     * A need, before the user and the token's file are known.
     *
     * @param scope the scope the job needs
     * @param audience the MFA API's audience
     * @param job what it is needed for
     */
    public Need(String scope, String audience, String job) {
      this(scope, audience, job, null, null);
    }

    /**
     * The same need, said for this user and file.
     *
     * @param username who signs in, or null
     * @param tokenFile the token's file, or null
     * @return the need
     */
    public Need of(String username, java.nio.file.Path tokenFile) {
      return new Need(scope, audience, job, username, tokenFile);
    }

    /** How to get a token that fits, as a command to paste: the user's own name and file where known. */
    String howToGet() {
      return "mfa login -u " + Shell.quote(username == null ? "NAME" : username) + " --audience "
          + Shell.quote(audience) + " --scope " + Shell.quote(scope) + " --token-file "
          + Shell.quote(tokenFile == null ? "at.json" : tokenFile.toString());
    }
  }

  /**
   * The access token of a value given for {@code --access-token} or MFA_ACCESS_TOKEN.
   *
   * @param given the value and its source
   * @param need what it is for
   * @param clock to tell whether it expired
   * @return the token, with its expiry when the value tells it
   * @throws Failure exit 2 when it is malformed, not for the MFA API or without the scope needed; exit 3 when it
   *     expired (nothing is sent either way)
   */
  public static AccessToken accessToken(Sourced given, Need need, Clock clock) {
    String text = given.value().strip();
    String token = text;
    Instant expiresAt = null;
    String scope = null;
    if (text.startsWith("{")) {
      Map<String, Object> json = json(given, text);
      token = field(given, json, "access_token", "a --token-file of mfa login");
      expiresAt = instant(json.get("expires_at"));
      scope = json.get("scope") instanceof String s ? s : null;
    }
    AccessToken access;
    try {
      access = new AccessToken(token, expiresAt);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(given.source() + ": not an access token (it has spaces or control characters). Give the"
          + " token alone, or the JSON file that --token-file wrote");
    }
    Claims claims = Claims.of(token);
    if (claims.encrypted) {
      throw notForTheMfaApi(given, "it is an opaque token, which only /userinfo takes", need);
    }
    if (claims.audiences != null && claims.audiences.stream().noneMatch(a -> sameAudience(a, need.audience()))) {
      throw notForTheMfaApi(given, "its audience is " + String.join(", ", claims.audiences), need);
    }
    if (expiresAt == null && claims.expiresAt != null) {
      access = new AccessToken(token, claims.expiresAt);
    }
    if (scope == null) {
      scope = claims.scope;
    }
    if (scope != null && !List.of(scope.split(" ")).containsAll(List.of(need.scope().split(" ")))) {
      throw Failure.usage(given.source() + ": this access token has scope '" + scope + "', but " + need.job()
          + " needs '" + need.scope() + "'. Drop it to let mfa sign in for one, or get one with: ", need.howToGet());
    }
    if (access.expiresAt() != null && !clock.instant().isBefore(access.expiresAt())) {
      throw new Failure(ExitCode.REFUSED, given.source() + ": this access token expired at "
          + TIME.format(access.expiresAt()) + " (tokens for the MFA API last 10 minutes). Drop it to let mfa sign in"
          + " for a new one, or get one with: ", need.howToGet(), null);
    }
    return access;
  }

  /**
   * The mfa_token of a value given for {@code --mfa-token} or MFA_TOKEN: the token alone, or a JSON file that holds
   * one (a state file).
   *
   * @param given the value and its source
   * @return the token, with its expiry when the value tells it
   * @throws Failure exit 2 when it is malformed
   */
  public static MfaToken mfaToken(Sourced given) {
    String text = given.value().strip();
    String token = text;
    Instant expiresAt = null;
    if (text.startsWith("{")) {
      Map<String, Object> json = json(given, text);
      token = field(given, json, "mfa_token", "a state file of mfa login --state");
      expiresAt = instant(json.get("mfa_token_expires_at"));
    }
    try {
      return new MfaToken(token, expiresAt);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(given.source() + ": not an mfa_token (it has spaces or control characters). Give the"
          + " token alone, or the state file that mfa login --state wrote");
    }
  }

  private static Failure notForTheMfaApi(Sourced given, String why, Need need) {
    return Failure.usage(given.source() + ": not a token for the MFA API (" + why + "; " + need.job() + " needs the"
        + " audience " + need.audience() + "). Drop it to let mfa sign in for one, or get one with: ", need.howToGet());
  }

  /** The audience of the MFA API is {@code https://{domain}/mfa/}; Auth0 also takes it without the slash. */
  private static boolean sameAudience(String a, String mfaAudience) {
    return a.equals(mfaAudience) || (a + "/").equals(mfaAudience);
  }

  private static Map<String, Object> json(Sourced given, String text) {
    try {
      return Json.parseObject(text);
    } catch (IOException e) {
      throw Failure.usage(given.source() + ": starts with '{' but is not a JSON object. Give the token alone, or the"
          + " JSON file that --token-file wrote");
    }
  }

  private static String field(Sourced given, Map<String, Object> json, String key, String example) {
    if (json.get(key) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw Failure.usage(given.source() + ": this JSON has no " + key + ". Give the token alone, or " + example);
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * What an access token says of itself, read without checking its signature (only to advise; the tenant decides):
   * the claims of a JWT, or that it is encrypted (five parts: a JWE, which for Auth0 means no API audience).
   */
  private record Claims(boolean encrypted, List<String> audiences, String scope, Instant expiresAt) {
    static Claims of(String token) {
      String[] parts = token.split("\\.", -1);
      if (parts.length == 5) {
        return new Claims(true, null, null, null);
      }
      if (parts.length != 3) {
        return new Claims(false, null, null, null);
      }
      Map<String, Object> payload;
      try {
        payload = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      } catch (IOException | IllegalArgumentException e) {
        return new Claims(false, null, null, null);
      }
      List<String> audiences = null;
      if (payload.get("aud") instanceof String a) {
        audiences = List.of(a);
      } else if (payload.get("aud") instanceof List<?> list) {
        audiences = new ArrayList<>();
        for (Object o : list) {
          if (o instanceof String a) {
            audiences.add(a);
          }
        }
      }
      Instant exp = payload.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
      return new Claims(false, audiences, payload.get("scope") instanceof String s ? s : null, exp);
    }
  }
}
