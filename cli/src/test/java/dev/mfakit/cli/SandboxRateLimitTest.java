package dev.mfakit.cli;

import dev.mfakit.cli.io.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mfa sandbox --rate-limit N [--burst B]}: the whole tenant's limit, and its counts at /sandbox/stats. */
class SandboxRateLimitTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> signIn(String url, String clientId, String secret) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=nobody&password=x&client_id="
            + clientId + "&client_secret=" + secret)));
  }

  @Test
  void theWholeTenantSharesTheBucketTheHeadersReportAndTheStatsCountIt() throws Exception {
    Cli.Background running = new Cli(dir).background("sandbox", "--rate-limit", "5", "--burst", "40");
    String url = running.awaitOut(Pattern.compile("Sandbox tenant running at (http://127\\.0\\.0\\.1:\\d+)"));
    String banner = running.awaitOut(out -> out.contains("Ctrl-C"));
    assertTrue(banner.contains("rate limit     5 requests/s for the whole tenant, burst 40 (counts: GET " + url
        + "/sandbox/stats)"), banner);

    HttpResponse<String> first = signIn(url, "sandbox-client", "sandbox-secret");
    HttpResponse<String> wrongClient = signIn(url, "someone-else", "x");
    send(HttpRequest.newBuilder(URI.create(url + "/sandbox/messages")));
    HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create(url + "/sandbox/stats")));
    assertEquals(0, running.stop());

    assertEquals(403, first.statusCode());
    assertEquals("40", first.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    assertEquals(401, wrongClient.statusCode());
    assertEquals("40", wrongClient.headers().firstValue("X-RateLimit-Limit").orElseThrow(),
        "any client, even an unknown one, spends the tenant's bucket");
    Map<String, Object> counts = Json.parseObject(stats.body());
    assertEquals(2.0, counts.get("requests"), "the control API is not counted");
    assertEquals(0.0, counts.get("rate_limited"));
    assertEquals(Map.of("requests_per_second", 5.0, "burst", 40.0), counts.get("rate_limit"));
  }

  @Test
  void theBurstDefaultsToTheRate() throws Exception {
    Cli.Background running = new Cli(dir).background("sandbox", "--rate-limit", "7");
    String url = running.awaitOut(Pattern.compile("Sandbox tenant running at (http://127\\.0\\.0\\.1:\\d+)"));
    HttpResponse<String> first = signIn(url, "sandbox-client", "sandbox-secret");
    assertEquals(0, running.stop());

    assertEquals("7", first.headers().firstValue("X-RateLimit-Limit").orElseThrow());
  }

  @Test
  void badValuesAreExit2() {
    Cli.Result zero = new Cli(dir).run("sandbox", "--rate-limit", "0");
    Cli.Result alone = new Cli(dir).run("sandbox", "--burst", "5");
    Cli.Result noBurst = new Cli(dir).run("sandbox", "--rate-limit", "5", "--burst", "0");

    assertEquals(2, zero.exit());
    assertEquals("mfa: --rate-limit must be at least 1 request per second; leave it out for the default.\n",
        zero.err());
    assertEquals(2, alone.exit());
    assertEquals("mfa: --burst only works with --rate-limit N. Add --rate-limit, or drop --burst.\n", alone.err());
    assertEquals(2, noBurst.exit());
    assertEquals("mfa: --burst must be at least 1; leave it out for a burst of N.\n", noBurst.err());
  }
}
