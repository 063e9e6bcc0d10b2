package dev.mfakit.examples;

import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The settings of a {@code main}, from the environment: every example needs the tenant and the application
 * ({@code AUTH0_DOMAIN}, {@code AUTH0_CLIENT_ID}, {@code AUTH0_CLIENT_SECRET}) and adds its own.
 */
final class Env {
  static final String DOMAIN = "AUTH0_DOMAIN";
  static final String CLIENT_ID = "AUTH0_CLIENT_ID";
  static final String CLIENT_SECRET = "AUTH0_CLIENT_SECRET";

  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = vars;
  }

  /** A variable was not set: reported as one line naming it, exit code 2. */
  static final class MissingVariable extends RuntimeException {
    MissingVariable(List<String> names) {
      super((names.size() == 1 ? "Missing environment variable " : "Missing environment variables ")
          + String.join(", ", names), null, false, false);
    }
  }

  /**
   * Checks that the tenant's variables and {@code names} are all set, naming every missing one at once.
   *
   * @throws MissingVariable if any is missing or blank
   */
  static Env require(Map<String, String> vars, String... names) {
    List<String> missing = new ArrayList<>();
    Stream.concat(Stream.of(DOMAIN, CLIENT_ID, CLIENT_SECRET), Stream.of(names)).forEach(name -> {
      String value = vars.get(name);
      if (value == null || value.isBlank()) {
        missing.add(name);
      }
    });
    if (!missing.isEmpty()) {
      throw new MissingVariable(missing);
    }
    return new Env(vars);
  }

  /** A variable checked by {@link #require}. */
  String get(String name) {
    return vars.get(name).strip();
  }

  /** An optional variable, or {@code fallback}. */
  String getOrDefault(String name, String fallback) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  /**
   * A secret from the environment, else typed without echo. Never from the command line: arguments show up in
   * {@code ps} and in shell history.
   */
  String secret(String name, Terminal terminal, String prompt) {
    String value = vars.get(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    char[] typed = terminal.readSecret(prompt);
    if (typed == null || typed.length == 0) {
      throw new MissingVariable(List.of(name));
    }
    return new String(typed);
  }

  /**
   * The one client of the program: immutable and thread-safe, so build it once and share it. {@code AUTH0_DOMAIN}
   * is a host name ({@code acme.us.auth0.com}) or a URL ({@code http://127.0.0.1:8080} for a local sandbox).
   */
  MfaClient client() {
    return MfaClient.builder()
        .domain(get(DOMAIN))
        .clientId(get(CLIENT_ID))
        .clientSecret(vars.get(CLIENT_SECRET))
        .build();
  }

  /** What a {@code main} does once its streams are set up. */
  @FunctionalInterface
  interface Program {
    int run() throws Exception;
  }

  /**
   * Runs a {@code main}'s body and turns the expected failures into one line on stderr and an exit code: 2 for a
   * missing variable or bad input, 1 when the tenant refused, could not be reached or answered unexpectedly.
   * MfaException messages never contain tokens, codes or secrets, so they are safe to print.
   */
  static int exitCode(Terminal terminal, Program program) {
    try {
      return program.run();
    } catch (MissingVariable | IllegalArgumentException e) {
      terminal.err().println(e.getMessage());
      return 2;
    } catch (MfaException | IllegalStateException e) {
      terminal.err().println(e.getMessage());
      return 1;
    } catch (Exception e) {
      terminal.err().println("Failed: " + e);
      return 1;
    }
  }
}
