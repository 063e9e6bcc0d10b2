package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mfakit.cli.io.Settings;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.io.Settings.Tier;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.MfaToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting's precedence, decided in one place: flag, else state file, else environment, else profile. */
class SettingsTest {
  private static final StateFile STATE = StateFile.signedIn(MfaToken.of("state-token"), "http://127.0.0.1:1",
      "state-client");

  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  private Settings settings(String profileFlag, StateFile state, String... profileLines) throws IOException {
    Files.write(dir.resolve("profiles"), List.of(profileLines));
    return Settings.load(env, dir, profileFlag, state);
  }

  /** What the profile sets for each key that a profile can set. */
  private static final Map<Key, String> IN_PROFILE = Map.of(Key.DOMAIN, "profile.example.com", Key.CLIENT_ID,
      "profile-client", Key.CLIENT_SECRET, "profile-secret", Key.PRIVATE_KEY, "profile-key", Key.CLIENT_AUTH, "basic",
      Key.USERNAME, "profile-user", Key.REALM, "profile-realm", Key.AUDIENCE, "profile-audience", Key.SCOPE,
      "profile-scope");

  private static String[] everyProfileKey(String section) {
    List<String> lines = new ArrayList<>(List.of("[" + section + "]"));
    IN_PROFILE.forEach((key, value) -> lines.add(key.profileKey() + " = " + value));
    return lines.toArray(String[]::new);
  }

  @Test
  void eachPlaceGivesWayToTheOneBeforeIt() throws IOException {
    Map<Key, String> inState = Map.of(Key.DOMAIN, STATE.domain(), Key.CLIENT_ID, STATE.clientId(), Key.MFA_TOKEN,
        STATE.mfaToken().value());
    for (Key key : Key.values()) {
      env.clear();
      if (key.env() != null) {
        env.put(key.env(), "env-value");
      }
      Settings all = settings(null, STATE, everyProfileKey("default"));
      Sourced flag = new Sourced("flag-value", "--flag -", Tier.FLAG);
      assertEquals(flag, all.get(key, flag), key::toString);

      Sourced expected = inState.containsKey(key) ? new Sourced(inState.get(key), "the state file", Tier.STATE)
          : key.env() != null ? new Sourced("env-value", key.env(), Tier.ENV)
          : IN_PROFILE.containsKey(key) ? new Sourced(IN_PROFILE.get(key), "profile 'default' " + key.profileKey(),
              Tier.PROFILE)
          : null;
      assertEquals(expected, all.get(key, (String) null), key::toString);

      Settings noState = settings(null, null, everyProfileKey("default"));
      if (key.env() != null) {
        assertEquals(new Sourced("env-value", key.env(), Tier.ENV), noState.get(key, (String) null), key::toString);
      }
      env.clear();
      Sourced last = settings(null, null, everyProfileKey("default")).get(key, (String) null);
      assertEquals(IN_PROFILE.containsKey(key) ? new Sourced(IN_PROFILE.get(key), "profile 'default' "
          + key.profileKey(), Tier.PROFILE) : null, last, key::toString);
    }
  }

  @Test
  void aFlagValueIsNamedByItsFlag() throws IOException {
    Settings s = settings(null, STATE, everyProfileKey("default"));

    assertEquals(new Sourced("acme.us.auth0.com", "--domain", Tier.FLAG), s.get(Key.DOMAIN, "acme.us.auth0.com"));
    assertEquals("profile-realm", s.value(Key.REALM, null));
    assertEquals("flag-realm", s.value(Key.REALM, "flag-realm"));
    assertEquals("profile.example.com", settings(null, null, everyProfileKey("default")).value(Key.DOMAIN, null));
  }

  @Test
  void aBlankVariableIsUnset() throws IOException {
    env.put("AUTH0_CLIENT_ID", "  ");

    assertEquals(new Sourced("profile-client", "profile 'default' client_id", Tier.PROFILE),
        settings(null, null, everyProfileKey("default")).get(Key.CLIENT_ID, (String) null));
  }

  @Test
  void theProfileIsTheFlagsElseMfaProfileElseDefault() throws IOException {
    List<String> lines = new ArrayList<>(List.of(everyProfileKey("default")));
    lines.addAll(List.of("[work]", "realm = work-realm"));
    String[] two = lines.toArray(String[]::new);

    assertEquals("profile-realm", settings(null, null, two).value(Key.REALM, null));
    env.put("MFA_PROFILE", "work");
    assertEquals("work-realm", settings(null, null, two).value(Key.REALM, null));
    assertEquals("profile 'work' realm", settings(null, null, two).get(Key.REALM, (String) null).source());
    assertEquals("profile-realm", settings("default", null, two).value(Key.REALM, null));
    assertEquals(2, assertThrows(Failure.class, () -> settings("home", null, two)).exitCode(),
        "a profile named that does not exist");
    env.remove("MFA_PROFILE");
    assertNull(settings(null, null, "[work]", "realm = r").value(Key.REALM, null), "no [default]: nothing");
  }

  @Test
  void aSandboxRunHasFlagsOnly() {
    env.put("AUTH0_DOMAIN", "env.example.com");

    assertNull(Settings.flagsOnly().get(Key.DOMAIN, (String) null));
    assertEquals("u", Settings.flagsOnly().value(Key.USERNAME, "u"));
  }
}
