package dev.mfakit.cli.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where each setting of a run comes from, decided in one place: its flag, else the state file, else the environment,
 * else the selected profile ({@code --profile NAME}, else {@code MFA_PROFILE}, else {@code [default]}). A setting
 * that has no such place skips it (a password is never in a profile). Every value comes with the name of its
 * source, so a message can say which one to fix.
 */
public final class Settings {
  /** Where a value came from, highest precedence first. */
  public enum Tier { FLAG, STATE, ENV, PROFILE }

  /**
   * A setting's value and where it came from.
   *
   * @param value the value (for a profile's file setting: the path as written)
   * @param source for messages: {@code --domain}, {@code --mfa-token-file}, {@code the state file},
   *     {@code AUTH0_DOMAIN}, {@code profile 'work' domain}
   * @param tier which kind of place it came from
   */
  public record Sourced(String value, String source, Tier tier) {
    @Override
    public String toString() {
      return "Sourced[source=" + source + ", tier=" + tier + "]";
    }
  }

  /** Every setting, and what it is called in each place; null where it cannot be set. */
  public enum Key {
    /** The tenant. */
    DOMAIN("--domain", "domain", "AUTH0_DOMAIN", "domain"),
    /** The application. */
    CLIENT_ID("--client-id", "client_id", "AUTH0_CLIENT_ID", "client_id"),
    /** The application's secret: the value itself (flag, environment) or its file (profile). */
    CLIENT_SECRET("--client-secret", null, "AUTH0_CLIENT_SECRET", "client_secret_file"),
    /** The application's private key file (private_key_jwt). */
    PRIVATE_KEY("--private-key-file", null, null, "private_key_file"),
    /** How the secret is sent: {@code basic} or {@code post}. */
    CLIENT_AUTH("--client-auth", null, null, "client_auth"),
    /** Who signs in. */
    USERNAME("--username", null, null, "username"),
    /** The database connection to sign in with. */
    REALM("--realm", null, null, "realm"),
    /** The API the tokens are for. */
    AUDIENCE("--audience", null, null, "audience"),
    /** The scopes of the tokens. */
    SCOPE("--scope", null, null, "scope"),
    /** An mfa_token from an earlier step. */
    MFA_TOKEN("--mfa-token", "mfa_token", "MFA_TOKEN", null),
    /** An access token for the MFA API. */
    ACCESS_TOKEN("--access-token", null, "MFA_ACCESS_TOKEN", null);

    private final String flag;
    private final String stateField;
    private final String env;
    private final String profileKey;

    Key(String flag, String stateField, String env, String profileKey) {
      this.flag = flag;
      this.stateField = stateField;
      this.env = env;
      this.profileKey = profileKey;
    }

    /**
     * Its environment variable.
     *
     * @return e.g. {@code AUTH0_DOMAIN}, or null
     */
    public String env() {
      return env;
    }

    /**
     * Its key in a profile.
     *
     * @return e.g. {@code client_secret_file}, or null
     */
    public String profileKey() {
      return profileKey;
    }
  }

  private final Map<String, String> env;
  private final StateFile state;
  private final Map<String, String> profile;
  private final String profileLabel;
  private final Path profilesFile;
  private List<String> warnings = List.of();

  private Settings(Map<String, String> env, StateFile state, Map<String, String> profile, String profileLabel,
      Path profilesFile) {
    this.env = env;
    this.state = state;
    this.profile = profile;
    this.profileLabel = profileLabel;
    this.profilesFile = profilesFile;
  }

  /**
   * The settings of a run: reads the profiles file and selects the profile.
   *
   * @param env the environment
   * @param configHome the directory of the profiles file
   * @param profileFlag {@code --profile}, or null
   * @param state the state file read, or null
   * @return the settings
   * @throws dev.mfakit.cli.Failure (exit 2) for a malformed profiles file or a profile named that does not exist
   */
  public static Settings load(Map<String, String> env, Path configHome, String profileFlag, StateFile state) {
    String name = profileFlag != null ? profileFlag : blankToNull(env.get("MFA_PROFILE"));
    Profiles profiles = Profiles.load(configHome.resolve("profiles"));
    String selected = name == null ? "default" : name;
    Settings settings = new Settings(env, state, profiles.select(selected, name != null),
        "profile '" + selected + "'", profiles.file());
    settings.warnings = profiles.warnings(selected);
    return settings;
  }

  /**
   * The settings of a {@code --sandbox} run: its tenant and demo user are fixed, so only flags count.
   *
   * @return the settings
   */
  public static Settings flagsOnly() {
    return new Settings(Map.of(), null, Map.of(), "no profile", null);
  }

  /**
   * A setting's value.
   *
   * @param key the setting
   * @param flag the flag's value, or null when the flag was not given
   * @return the value and its source, or null when no place sets it
   */
  public Sourced get(Key key, String flag) {
    return get(key, flag == null ? null : new Sourced(flag, key.flag, Tier.FLAG));
  }

  /**
   * A setting's value, its flag already read (a secret from stdin or a file, with its own source name).
   *
   * @param key the setting
   * @param flag the flag's value and source, or null when the flag was not given
   * @return the value and its source, or null when no place sets it
   */
  public Sourced get(Key key, Sourced flag) {
    if (flag != null) {
      return flag;
    }
    Object fromState = state == null || key.stateField == null ? null : state.toJson().get(key.stateField);
    if (fromState != null) {
      return new Sourced((String) fromState, "the state file", Tier.STATE);
    }
    String fromEnv = key.env == null ? null : blankToNull(env.get(key.env));
    if (fromEnv != null) {
      return new Sourced(fromEnv, key.env, Tier.ENV);
    }
    String fromProfile = key.profileKey == null ? null : profile.get(key.profileKey);
    return fromProfile == null ? null : new Sourced(fromProfile, profileLabel + " " + key.profileKey, Tier.PROFILE);
  }

  /**
   * A setting's value, or null.
   *
   * @param key the setting
   * @param flag the flag's value, or null
   * @return the value of {@link #get(Key, String)}, or null
   */
  public String value(Key key, String flag) {
    Sourced s = get(key, flag);
    return s == null ? null : s.value();
  }

  /**
   * The selected profile, for messages.
   *
   * @return e.g. {@code profile 'default'}
   */
  public String profileLabel() {
    return profileLabel;
  }

  /**
   * What the run should be warned about: mistakes in profiles it does not use.
   *
   * @return one line each
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The profiles file, for messages.
   *
   * @return its path (it may not exist)
   */
  public Path profilesFile() {
    return profilesFile;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
