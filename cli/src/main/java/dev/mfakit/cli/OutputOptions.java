package dev.mfakit.cli;

import picocli.CommandLine.Option;

/** {@code --json}, {@code --no-input}, {@code --verbose}: shared by every verb. */
final class OutputOptions {

  @Option(names = "--json", order = 90,
      description = "Print the result as JSON on stdout (stable snake_case fields).")
  boolean json;

  @Option(names = "--no-input", order = 91,
      description = "Never prompt; missing input is a usage error (exit 2).")
  boolean noInput;

  @Option(names = "--verbose", order = 92,
      description = "Log HTTP traffic (redacted) and stack traces on stderr.")
  boolean verbose;
}
