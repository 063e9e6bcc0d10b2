package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.output.Errors;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line itself: help, version, unknown words, completion, and the sandbox verb. */
class CommandLineTest {
  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir);
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    Cli.Result r = cli().run("--version");
    Cli.Result sub = cli().run("associate", "--version");

    assertEquals(0, r.exit());
    assertTrue(r.out().matches("mfa \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"
        + "commit ([0-9a-f]{40}( \\(with changes not committed\\))?|unknown \\(not built from a git checkout\\))\\n"
        + "Java \\Q" + System.getProperty("java.runtime.version") + "\\E \\(.+\\) at \\Q"
        + System.getProperty("java.home") + "\\E\\n"), r::toString);
    assertEquals(r.out(), sub.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "login", "associate", "verify", "challenge", "authenticators",
      "authenticators list", "authenticators delete", "otp", "sandbox", "completion"})
  void everyHelpListsTheExitCodes(String verb) {
    List<String> args = new java.util.ArrayList<>(verb.isEmpty() ? List.of() : List.of(verb.split(" ")));
    args.add("--help");

    Cli.Result r = cli().run(args.toArray(String[]::new));

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("Usage: mfa"), r::toString);
    assertTrue(r.out().contains("Exit codes:\n   0     success\n   1     internal error"), r::toString);
    assertTrue(r.out().contains("   6     nothing to do: the sign-in succeeded without MFA, so the step"), r::toString);
    assertTrue(r.out().contains("   130   stopped with Ctrl-C while waiting for a push approval"), r::toString);
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"associate:Factor (exactly one;", "verify:Answer (exactly one):",
      "login:Second factor (optional):", "challenge:Which factor", "authenticators delete:Second factor, when"})
  void optionGroupsComeFirstAfterABlankLineAndOnlyOnce(String verbAndHeading) {
    String[] parts = verbAndHeading.split(":", 2);
    List<String> args = new java.util.ArrayList<>(List.of(parts[0].split(" ")));
    args.add("--help");

    Cli.Result r = cli().run(args.toArray(String[]::new));

    String help = r.out();
    int group = help.indexOf("\n\n" + parts[1]);
    int options = help.indexOf("\n\nOptions:\n");
    assertTrue(group > 0 && options > group, "the group, after a blank line, comes before Options:\n" + help);
    String groupSection = help.substring(group, options);
    String firstOption = groupSection.lines().skip(3).findFirst().orElseThrow().strip().split("[=\\[ ]")[0];
    assertEquals(1, help.split(java.util.regex.Pattern.quote(firstOption + "="), -1).length - 1
        + help.split(java.util.regex.Pattern.quote(firstOption + "["), -1).length - 1,
        firstOption + " is listed once:\n" + help);
    assertTrue(help.contains("on stderr.\n\nExit codes:"), "a blank line after the last option:\n" + help);
  }

  @Test
  void unknownOptionNamesTheWordAndTheNearestOne() {
    Cli.Result r = cli().run("associate", "--phon", "+15551234567");

    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertEquals("mfa: unknown option '--phon'; did you mean '--phone'? (mfa associate --help)\n", r.err());
  }

  @Test
  void unknownOptionWithEqualsAndAfterTheArguments() {
    Cli.Result r = cli().run("verify", "--code", "123456", "--stat=s.json");

    assertEquals(2, r.exit());
    assertEquals("mfa: unknown option '--stat'; did you mean '--state'? (mfa verify --help)\n", r.err());
  }

  @Test
  void unknownVerbNamesTheWordAndTheNearestOne() {
    Cli.Result r = cli().run("asociate", "--phone", "+15551234567");
    Cli.Result sub = cli().run("authenticators", "lst");

    assertEquals(2, r.exit());
    assertEquals("mfa: unknown command 'asociate'; did you mean 'associate'? (mfa --help)\n", r.err());
    assertEquals(2, sub.exit());
    assertEquals("mfa: unknown command 'lst'; did you mean 'list'? (mfa authenticators --help)\n", sub.err());
  }

  @Test
  void anOptionBeforeTheVerbSaysWhereItGoes() {
    Cli.Result beforeVerb = cli().run("--domain", "acme.us.auth0.com", "associate", "--phone", "+15551234567");
    Cli.Result nested = cli().run("--json", "authenticators", "list");
    Cli.Result noVerb = cli().run("--sandbox");
    Cli.Result notAnOption = cli().run("--domian", "x", "associate", "--phone", "+15551234567");

    assertEquals(2, beforeVerb.exit());
    assertEquals("", beforeVerb.out());
    assertEquals("mfa: options go after the command: mfa associate --domain ... (see mfa --help)\n",
        beforeVerb.err());
    assertEquals("mfa: options go after the command: mfa authenticators list --json ... (see mfa --help)\n",
        nested.err());
    assertEquals("mfa: options go after the command: mfa COMMAND --sandbox ... (see mfa --help)\n", noVerb.err());
    assertEquals(2, notAnOption.exit());
    assertEquals("mfa: unknown option '--domian' (mfa --help)\n", notAnOption.err());
  }

  @Test
  void aWordFarFromEveryVerbGetsNoSuggestionAndAPrefixGetsOne() {
    Cli.Result bogus = cli().run("bogus");
    Cli.Result prefix = cli().run("auth", "list");
    Cli.Result option = cli().run("associate", "--zzz");

    assertEquals(2, bogus.exit());
    assertEquals("mfa: unknown command 'bogus' (mfa --help)\n", bogus.err());
    assertEquals("mfa: unknown command 'auth'; did you mean 'authenticators'? (mfa --help)\n", prefix.err());
    assertEquals("mfa: unknown option '--zzz' (mfa associate --help)\n", option.err());
    assertEquals("--state", Errors.nearest("--stat", List.of("--scope", "--state", "--json")));
    assertEquals("--domain", Errors.nearest("--domian", List.of("--domain", "--client-id")));
    assertEquals(null, Errors.nearest("bogus", List.of("login", "associate", "verify")));
  }

  @Test
  void noVerbIsAUsageError() {
    Cli.Result r = cli().run();
    Cli.Result group = cli().run("authenticators");

    assertEquals(2, r.exit());
    Fixture.assertOneLineError(r);
    assertEquals(2, group.exit());
    assertEquals("mfa: missing command: list, delete or prune (mfa authenticators --help)\n", group.err());
  }

  @Test
  void optionsMayFollowTheVerbInAnyOrder() {
    CommandLine cl = Main.newCommandLine(cli().context(new java.io.StringWriter(), new java.io.StringWriter()));
    CommandLine.ParseResult pr = cl.parseArgs("authenticators", "delete", "--json", "sms|dev_x", "--otp", "123456");
    CommandLine.ParseResult leaf = pr.subcommand().subcommand();
    assertEquals("sms|dev_x", leaf.matchedPositional(0).getValue());
    assertTrue(leaf.hasMatchedOption("--json"));
    assertEquals("123456", leaf.matchedOptionValue("--otp", ""));
  }

  @Test
  void completionScriptCoversTheVerbs() {
    Cli.Result r = cli().run("completion");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("complete -F"), "a bash completion script");
    assertTrue(r.out().contains("associate") && r.out().contains("--phone") && r.out().contains("authenticators"));
    assertTrue(r.out().contains("\ncomplete -F _complete_mfa -o default mfa mfa.sh mfa.bash ./mfa\n"),
        "./mfa, as the README runs it, is completed too");
  }

  @Test
  void theCompletionScriptSaysHowToLoadItHere() {
    String script = cli().run("completion").out();
    String header = script.substring(0, script.indexOf("# Documentation"));

    assertFalse(header.contains("YOUR_APP_HOME") || header.contains("_completion\""), header);
    assertTrue(header.contains("#   source <(./mfa completion)\n"), header);
    assertTrue(header.contains("#   echo 'source ~/.local/opt/mfa-*/completion/mfa.bash' >> ~/.bashrc\n"), header);
    assertTrue(header.contains("~/.local/share/bash-completion/completions/mfa"), header);
  }

  @Test
  void theRootHelpKeepsEachLineOfItsTextWhole() {
    // At 100 columns (the help's width) no hand-wrapped line of the footer is wrapped again.
    String help = cli().run("--help").out();

    assertTrue(help.contains("\n  (~ is $HOME; pick one with --profile NAME or MFA_PROFILE; default: [default]).\n"),
        help);
    for (String line : help.substring(help.indexOf("Configuration:")).lines().toList()) {
      assertTrue(line.isEmpty() || line.startsWith(" ") || line.endsWith(":"), "a line wrapped again: " + line);
    }
  }

  @Test
  void bashRegistersTheCompletionForTheLauncherPath() throws Exception {
    Path bash = Path.of("/bin/bash");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(bash), "needs bash");
    Path script = dir.resolve("mfa-completion.bash");
    java.nio.file.Files.writeString(script, cli().run("completion").out());

    Process p = new ProcessBuilder(bash.toString(), "-c", "source \"$1\" && complete -p ./mfa", "bash",
        script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("_complete_mfa") && out.contains("./mfa"), out);
  }

  /**
   * What bash offers for the words typed: the script's function, called as bash calls it on TAB, with the command
   * word as typed (here a path to the launcher), in an environment whose config home holds {@code profiles}.
   */
  private String completions(String profiles, String... words) throws Exception {
    Path bash = Path.of("/bin/bash");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(bash), "needs bash");
    Path script = dir.resolve("mfa-completion.bash");
    java.nio.file.Files.writeString(script, cli().run("completion").out());
    Path xdg = java.nio.file.Files.createDirectories(dir.resolve("xdg/mfakit"));
    java.nio.file.Files.writeString(xdg.resolve("profiles"), profiles);
    String line = String.join(" ", words);
    ProcessBuilder pb = new ProcessBuilder(bash.toString(), "-c", "source \"$1\"; shift; COMP_WORDS=(\"$@\");"
        + " COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$LINE\"; COMP_POINT=${#COMP_LINE}; _complete_mfa 2>/dev/null;"
        + " printf '%s\\n' \"${COMPREPLY[@]}\"", "bash", script.toString());
    pb.command().addAll(List.of(words));
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    pb.environment().put("LINE", line);
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void profileCompletesTheProfileNamesWhenMfaIsCalledByAPath() throws Exception {
    String offered = completions("[default]\ndomain = a\n\n[ staging ]\ndomain = b\n[work.eu]\n# [not-one]\n",
        "/opt/mfakit/mfa", "login", "--profile", "");

    assertEquals(List.of("default", "staging", "work.eu"), offered.lines().toList());
    assertEquals(List.of("staging"), completions("[default]\n[staging]\n", "../mfa", "authenticators", "prune",
        "--profile", "st").lines().toList());
  }

  @Test
  void repeatableFlagsCompleteAsFlags() throws Exception {
    String offered = completions("", "./mfa", "authenticators", "list", "--json", "--sa");

    assertEquals(List.of("--sandbox"), offered.lines().toList(), "--json takes no value: the next word is an option");
  }

  @Test
  void sandboxVerbServesUntilShutdownAndPrintsEachMessage() throws Exception {
    Cli.Background running = cli().background("sandbox");

    String url = running.awaitOut(Pattern.compile("Sandbox tenant running at (http://127\\.0\\.0\\.1:\\d+)"));
    String banner = running.awaitOut(out -> out.contains("Ctrl-C"));
    assertTrue(banner.contains("try: AUTH0_CLIENT_SECRET=sandbox-secret mfa associate --domain " + url
        + " --client-id sandbox-client --username demo@example.com --phone +15555550100"), banner);
    assertTrue(banner.contains("demo@example.com") && banner.contains("demo-password"));

    MfaClient client = MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).build();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME,
        SandboxTenant.DEMO_PASSWORD));
    client.associate(required.mfaToken(), Enrollment.sms("+15555550100"));
    running.awaitOut(out -> out.contains("SMS to +1******0100: code "));
    assertTrue(banner.contains("  approve a push curl -s -X POST " + url + "/sandbox/push/approve"), banner);

    // A push waits: the line says how to approve it, and doing what it says approves it.
    String oob = client.associate(required.mfaToken(), Enrollment.push()).oobCode();
    String line = running.awaitOut(Pattern.compile("(push to demo@example\\.com waiting: approve it with curl .*)"));
    Matcher curl = Pattern.compile("curl -s -X POST (\\S+) -H 'Content-Type: application/json' -d '(.*)' \\(or"
        + " reject\\)$").matcher(line);
    assertTrue(curl.find(), line);
    java.net.http.HttpResponse<String> approved = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(curl.group(1))).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(curl.group(2))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, approved.statusCode(), approved::body);
    assertTrue(client.pollPushApproval(required.mfaToken(), oob).accessToken() != null);

    assertEquals(0, running.stop());
    assertEquals("", running.err.toString());
  }

  @Test
  void sandboxVerbJsonLines() throws Exception {
    Cli.Background running = cli().background("sandbox", "--json");
    String out = running.awaitOut(text -> text.contains("\n"));
    assertEquals(0, running.stop());
    Map<String, Object> first = Json.parseObject(out.lines().findFirst().orElseThrow());
    assertTrue(((String) first.get("base_url")).startsWith("http://127.0.0.1:"));
    assertEquals("sandbox-client", first.get("client_id"));
  }

  @Test
  void sandboxVerbOnABusyPortIsExit2() throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = cli().run("sandbox", "--port", String.valueOf(busy.getLocalPort()));

      assertEquals(2, r.exit(), r::toString);
      assertEquals("mfa: port " + busy.getLocalPort() + " is in use; pick another with --port.\n", r.err());
    }
  }

  @Test
  void colourIsOffWhenAsked() {
    Cli.Result r = cli().run("associate", "--phon", "x");
    assertFalse(r.err().contains("\u001b["), "no ANSI codes without a terminal");
  }
}
