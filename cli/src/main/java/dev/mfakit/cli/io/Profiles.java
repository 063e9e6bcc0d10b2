package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.output.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>A mistake spoils only its own section: the others still work, and a run is warned about the spoilt ones it does
 * not use. A run that uses a spoilt section fails with what is wrong and where.
 *
 * @param file the file read (may not exist)
 * @param sections section name to its key/value pairs, in file order (spoilt sections included, without the
 *     lines in error)
 * @param problems what is wrong in the file, in file order
 */
public record Profiles(Path file, Map<String, Map<String, String>> sections, List<Problem> problems) {

  /** The keys a profile may set. */
  static final List<String> KEYS = List.of("domain", "client_id", "client_secret_file", "private_key_file",
      "client_auth", "realm", "audience", "scope", "username");

  private static final Set<String> KEY_SET = Set.copyOf(KEYS);
  private static final Pattern SECTION = Pattern.compile("\\[\\s*([A-Za-z0-9_.-]+)\\s*]");
  private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_]+)\\s*=\\s*(.*)");

  /**
   * A mistake in the file.
   *
   * @param section the section it spoils ([default] for a line above every section)
   * @param where {@code FILE:LINE}
   * @param what what is wrong and what to do
   */
  public record Problem(String section, String where, String what) {}

  public Profiles {
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    problems = List.copyOf(problems);
  }

  /**
   * Reads and checks {@code file}; a missing file is an empty set of profiles.
   *
   * @throws Failure (exit 2) when the file exists but cannot be read
   */
  public static Profiles load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return new Profiles(file, Map.of(), List.of());
    } catch (IOException e) {
      throw Failure.usage("cannot read the profiles file " + file + " (" + SecureFiles.reason(e, file)
          + "). Check its permissions");
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> current = null;
    String name = null;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        name = section.group(1);
        if (sections.containsKey(name)) {
          problems.add(new Problem(name, where, "profile [" + name + "] appears twice. Merge the two sections"));
        }
        current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
        continue;
      }
      Matcher pair = PAIR.matcher(line);
      String what = pair.matches() ? check(pair.group(1), pair.group(2).strip(), current)
          : "expected '[name]' or 'key = value'. Fix or comment out the line";
      if (what != null) {
        // A line above every section was most likely meant for [default] (its message says to add that line).
        problems.add(new Problem(current == null ? "default" : name, where, what));
      } else {
        current.put(pair.group(1), pair.group(2).strip());
      }
    }
    return new Profiles(file, sections, problems);
  }

  /** What is wrong with {@code key = value} in {@code section}, or null when nothing is. */
  private static String check(String key, String value, Map<String, String> section) {
    if (key.equals("client_secret") || key.equals("password")) {
      String fileKey = key.equals("password") ? "--password-file FILE (a flag: profiles keep no password)"
          : "client_secret_file = PATH";
      return "'" + key + "' is not read from a profile: a secret in a configuration file is read by whatever reads"
          + " your configuration and ends up in backups and dotfile repositories. Put it in a file of its own (chmod"
          + " 600) and use " + fileKey;
    }
    if (!KEY_SET.contains(key)) {
      String near = dev.mfakit.cli.output.Errors.nearest(key, KEYS);
      return "unknown key '" + key + "'" + (near == null ? ". Known keys: " + String.join(", ", KEYS)
          : "; did you mean '" + near + "'?");
    }
    if (section == null) {
      return "'" + key + "' is outside any profile. Put a [default] line above it";
    }
    if (value.isEmpty()) {
      return "'" + key + "' has no value. Give one or remove the line";
    }
    if (section.containsKey(key)) {
      return "'" + key + "' is set twice in this profile. Keep one";
    }
    return null;
  }

  /**
   * The chosen profile's values.
   *
   * @param name the profile name
   * @param explicit whether the user named it (with --profile or MFA_PROFILE): then it must exist
   * @throws Failure (exit 2) when an explicit profile does not exist, listing the ones that do; or when the
   *     profile has a mistake
   */
  public Map<String, String> select(String name, boolean explicit) {
    for (Problem p : problems) {
      if (name.equals(p.section())) {
        throw Failure.usage(p.where() + ": " + p.what() + " (profile [" + name + "]" + (explicit ? ""
            : ", used when no --profile is given") + ")");
      }
    }
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
    String near = Errors.nearest(name, List.copyOf(sections.keySet()));
    throw Failure.usage("no profile '" + name + "' in " + file + "." + (near == null ? "" : " Did you mean '" + near
        + "'?") + " Profiles there: " + String.join(", ", sections.keySet()));
  }

  /**
   * What a run that uses profile {@code name} should hear about the rest of the file: each mistake elsewhere, and
   * that its section is left out.
   *
   * @param name the profile in use
   * @return one warning per mistake outside it
   */
  public List<String> warnings(String name) {
    List<String> out = new ArrayList<>();
    for (Problem p : problems) {
      if (!name.equals(p.section())) {
        out.add(p.where() + ": " + p.what() + " (profile [" + p.section() + "] is ignored until this is fixed; the"
            + " others work).");
      }
    }
    return out;
  }
}
