package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profiles file ({@code <config home>/profiles}): INI-like sections of {@code key = value} lines.
 *
 * <pre>
 * # comments start with '#'
 * [default]
 * domain = acme.us.auth0.com
 * client_id = AbC123
 * client_secret_file = ~/.config/mfakit/acme.secret
 * </pre>
 *
 * @param file the file read (may not exist)
 * @param sections section name to its key/value pairs, in file order
 */
public record Profiles(Path file, Map<String, Map<String, String>> sections) {

  /** The keys a profile may set. */
  static final List<String> KEYS = List.of("domain", "client_id", "client_secret_file", "private_key_file",
      "client_auth", "realm", "audience", "scope", "username");

  private static final Set<String> KEY_SET = Set.copyOf(KEYS);
  private static final Pattern SECTION = Pattern.compile("\\[\\s*([A-Za-z0-9_.-]+)\\s*]");
  private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_]+)\\s*=\\s*(.*)");

  public Profiles {
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
  }

  /**
   * Reads and checks {@code file}; a missing file is an empty set of profiles.
   *
   * @throws Failure (exit 2) naming {@code file:line} for a malformed line, an unknown key, or a duplicate
   */
  public static Profiles load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return new Profiles(file, Map.of());
    } catch (IOException e) {
      throw Failure.usage("cannot read the profiles file " + file + " (" + e.getClass().getSimpleName()
          + "). Check its permissions");
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        String name = section.group(1);
        if (sections.containsKey(name)) {
          throw Failure.usage(where + ": profile [" + name + "] appears twice. Merge the two sections");
        }
        current = new LinkedHashMap<>();
        sections.put(name, current);
        continue;
      }
      Matcher pair = PAIR.matcher(line);
      if (!pair.matches()) {
        throw Failure.usage(where + ": expected '[name]' or 'key = value'. Fix or comment out the line");
      }
      String key = pair.group(1);
      String value = pair.group(2).strip();
      if (!KEY_SET.contains(key)) {
        throw Failure.usage(where + ": unknown key '" + key + "'. Known keys: " + String.join(", ", KEYS));
      }
      if (current == null) {
        throw Failure.usage(where + ": '" + key + "' is outside any profile. Put a [default] line above it");
      }
      if (value.isEmpty()) {
        throw Failure.usage(where + ": '" + key + "' has no value. Give one or remove the line");
      }
      if (current.put(key, value) != null) {
        throw Failure.usage(where + ": '" + key + "' is set twice in this profile. Keep one");
      }
    }
    return new Profiles(file, sections);
  }

  /**
   * The chosen profile's values.
   *
   * @param name the profile name
   * @param explicit whether the user named it (with --profile or MFA_PROFILE): then it must exist
   * @throws Failure (exit 2) when an explicit profile does not exist, listing the ones that do
   */
  public Map<String, String> select(String name, boolean explicit) {
    Map<String, String> values = sections.get(name);
    if (values != null) {
      return values;
    }
    if (!explicit) {
      return Map.of();
    }
    if (!Files.exists(file)) {
      throw Failure.usage("no profile '" + name + "': " + file + " does not exist. Create it with a [" + name
          + "] section");
    }
    if (sections.isEmpty()) {
      throw Failure.usage("no profile '" + name + "': " + file + " has no profiles. Add a [" + name
          + "] section to it");
    }
    throw Failure.usage("no profile '" + name + "' in " + file + ". Profiles there: "
        + String.join(", ", sections.keySet()));
  }
}
