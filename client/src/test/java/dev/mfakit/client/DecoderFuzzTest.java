package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated answers for every response decoder (and the error, rate-limit and retry paths around them).
 * The client must answer each with a result or a typed {@link MfaException}: never a NullPointerException,
 * ClassCastException, NumberFormatException, DateTimeException or any other runtime exception, and never a
 * message that quotes a secret the body carried. The answers come from an interceptor, so no socket is involved
 * and thousands of cases take about a second. Reproduce a failure with {@code -Dfuzz.seed=N}.
 */
class DecoderFuzzTest extends MockServerTest {
  static final int CASES = 6000;
  static final String CANARY = "SECRETCANARY";
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");

  /** Every public call that decodes an answer. */
  enum Call {
    SIGN_IN(c -> c.signIn(PasswordSignIn.of("jane@example.com", "pw")), "tokens", "mfa_required"),
    ASSOCIATE(c -> c.associate(MFA_TOKEN, Enrollment.sms("+15551234567")), "associate"),
    ASSOCIATE_OTP(c -> c.associate(MFA_TOKEN, Enrollment.otp()), "associate"),
    CHALLENGE(c -> c.challenge(MFA_TOKEN, ChallengeRequest.any()), "challenge"),
    VERIFY_OOB(c -> c.verifyOob(MFA_TOKEN, "oob", "123456"), "tokens"),
    POLL_PUSH(c -> c.pollPushApproval(MFA_TOKEN, "oob"), "tokens"),
    AWAIT_PUSH(c -> c.awaitPushApproval(MFA_TOKEN, "oob", Duration.ofSeconds(30)), "tokens"),
    VERIFY_OTP(c -> c.verifyOtp(MFA_TOKEN, "123456"), "tokens"),
    VERIFY_RECOVERY_CODE(c -> c.verifyRecoveryCode(MFA_TOKEN, "ABCDEFGHJKLMNPQRSTUVWXYZ"), "tokens"),
    LIST(c -> c.listAuthenticators(MFA_TOKEN), "list"),
    DELETE(c -> {
      c.deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");
      return null;
    }, "error");

    final Function<MfaClient, Object> run;
    final String[] seeds;

    Call(Function<MfaClient, Object> run, String... seeds) {
      this.run = run;
      this.seeds = seeds;
    }
  }

  static final Map<String, String> SEEDS = Map.of(
      "tokens", "{\"access_token\":\"SECRETCANARYaccess0000000\",\"id_token\":\"SECRETCANARYid000000000000\","
          + "\"refresh_token\":\"SECRETCANARYrefresh000000\",\"expires_in\":86400,\"token_type\":\"Bearer\","
          + "\"scope\":\"openid profile\",\"recovery_code\":\"SECRETCANARYRECOVERY0000\"}",
      "mfa_required", "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication required\","
          + "\"mfa_token\":\"SECRETCANARYmfa0000000000\",\"mfa_requirements\":{\"challenge\":[{\"type\":\"otp\"}],"
          + "\"enroll\":[{\"type\":\"phone\"},{\"type\":\"push-notification\"}]}}",
      "associate", "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":\"sms\","
          + "\"oob_code\":\"Fe26.2*SECRETCANARYoob*1*2*3*1726830032592*x*y\",\"recovery_codes\":"
          + "[\"SECRETCANARYRECOVERY0000\"],\"secret\":\"SECRETCANARYTOTP00000000\","
          + "\"barcode_uri\":\"otpauth://totp/x?secret=SECRETCANARYTOTP\"}",
      "challenge", "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"SECRETCANARYoob000000000\"}",
      "list", "[{\"id\":\"sms|dev_x\",\"authenticator_type\":\"oob\",\"active\":true,\"oob_channel\":\"sms\","
          + "\"name\":\"+1******4567\"},{\"id\":\"totp|dev_y\",\"authenticator_type\":\"otp\",\"active\":false,"
          + "\"oob_channels\":[\"sms\"],\"type\":\"totp\"},{\"id\":\"recovery-code|dev_z\","
          + "\"authenticator_type\":\"recovery-code\",\"active\":true}]",
      "error", "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid binding_code.\"}");

  static final List<String> ERROR_SEEDS = List.of(
      "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid binding_code.\"}",
      "{\"error\":\"too_many_attempts\",\"error_description\":\"Too many failed codes.\"}",
      "{\"error\":\"expired_token\",\"error_description\":\"mfa_token is expired\"}",
      "{\"error\":\"authorization_pending\",\"error_description\":\"Authorization pending\"}",
      "{\"error\":\"slow_down\",\"error_description\":\"Slow down.\"}",
      "{\"error\":\"access_denied\",\"error_description\":\"MFA Authorization rejected.\"}",
      "{\"error\":\"too_many_requests\",\"error_description\":\"Too many requests.\"}",
      "<html><body>SECRETCANARY 502</body></html>");

  static final int[] STATUSES = {200, 200, 200, 200, 200, 201, 204, 400, 401, 403, 403, 404, 408, 429, 429, 500, 502,
      503, 302};

  /** Header values that have broken parsers elsewhere: huge, negative, fractional, dates, junk. */
  static final String[] HEADER_VALUES = {"0", "1", "-1", "2", "30", "31", "1.5", "", " ", "abc", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "99999999999999999999", "31556889864403199", "1e3", "0x10",
      "Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
      "Mon, 32 Foo 2024 25:61:61 GMT", "1726830032", "1726830062", "17268300329999", "\u0661\u0662"};

  private final AtomicReference<Response.Builder> next = new AtomicReference<>();

  /** A client whose every exchange is answered, in memory, by the response under test. */
  private MfaClient fuzzClient() {
    OkHttpClient inMemory = new OkHttpClient.Builder()
        .addInterceptor(chain -> next.get().request(chain.request()).build())
        .build();
    return MfaClient.builder().domain("fuzz.example.com").clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
        .httpClient(inMemory).clock(clock).sleeper(sleeper).build();
  }

  @Test
  void everyDecoderAnswersWithAResultOrATypedError() {
    long seed = Long.getLong("fuzz.seed", 20260101L);
    Random random = new Random(seed);
    MfaClient client = fuzzClient();
    Map<Call, int[]> tally = new EnumMap<>(Call.class);
    for (int i = 0; i < CASES; i++) {
      Call call = Call.values()[random.nextInt(Call.values().length)];
      int status = STATUSES[random.nextInt(STATUSES.length)];
      String body = body(random, call, status);
      Headers headers = headers(random);
      next.set(new Response.Builder().protocol(Protocol.HTTP_1_1).code(status).message("fuzz").headers(headers)
          .body(ResponseBody.create(body, MediaType.get("application/json"))));
      String where = "seed " + seed + ", case " + i + ", " + call + ", HTTP " + status + ", headers " + headers
          .toMultimap() + ", body: " + body;
      int[] t = tally.computeIfAbsent(call, c -> new int[3]);
      try {
        Object result = call.run.apply(client);
        assertFalse(String.valueOf(result).contains(CANARY), where + "\nresult: " + result);
        t[0]++;
      } catch (MfaDecodingException e) {
        assertEquals(status, e.status(), where);
        assertClean(e, where);
        t[1]++;
      } catch (MfaApiException e) {
        assertFalse(status >= 200 && status < 300, "an API error for a 2xx answer: " + where + "\n" + e);
        assertClean(e, where);
        t[2]++;
      } catch (RuntimeException e) {
        throw new AssertionError("untyped " + e + " for " + where, e);
      }
      sleeper.sleeps.clear();
    }
    if (seed == 20260101L) {
      int[] sum = new int[3];
      tally.values().forEach(t -> {
        for (int k = 0; k < 3; k++) {
          sum[k] += t[k];
        }
      });
      DocBlock.check("reliability.md", "client-fuzz", "Decoder fuzzing: " + CASES + " random and mutated answers"
          + " (seed " + seed + ") across " + Call.values().length + " calls: " + sum[0] + " accepted, " + sum[1]
          + " MfaDecodingException, " + sum[2] + " MfaApiException, 0 other exceptions (no NullPointerException,"
          + " ClassCastException, NumberFormatException or DateTimeException escaped), no secret in a message.\n");
    }
    // Each call met answers it accepted, decoding errors and API errors: the fuzz reaches every path.
    for (Call c : Call.values()) {
      int[] t = tally.get(c);
      assertNotNull(t, c + " never ran");
      if (c != Call.DELETE) {
        for (int k = 0; k < 3; k++) {
          if (t[k] == 0) {
            fail(c + " never produced outcome " + k + ": " + java.util.Arrays.toString(t));
          }
        }
      }
    }
  }

  @Test
  void nestingDeeperThanTheParserAllowsIsADecodingError() {
    MfaClient client = fuzzClient();
    for (String body : List.of("[".repeat(100_000), "{\"a\":".repeat(50_000), "[".repeat(300) + "]".repeat(300))) {
      next.set(new Response.Builder().protocol(Protocol.HTTP_1_1).code(200).message("ok")
          .body(ResponseBody.create(body, MediaType.get("application/json"))));
      MfaDecodingException e = org.junit.jupiter.api.Assertions.assertThrows(MfaDecodingException.class,
          () -> client.verifyOtp(MFA_TOKEN, "123456"));
      assertEquals(200, e.status());
    }
  }

  private static void assertClean(MfaException e, String where) {
    assertNotNull(e.getMessage(), where);
    assertFalse(e.getMessage().contains(CANARY), where + "\nmessage: " + e.getMessage());
    assertFalse(e.toString().contains(CANARY), where);
    assertFalse(e.getMessage().length() > 600, where + "\nmessage: " + e.getMessage());
  }

  private static Headers headers(Random r) {
    Headers.Builder h = new Headers.Builder();
    String[] names = {"Retry-After", "X-RateLimit-Reset", "X-RateLimit-Limit", "X-RateLimit-Remaining"};
    for (String name : names) {
      if (r.nextInt(3) == 0) {
        h.addUnsafeNonAscii(name, r.nextInt(4) == 0 ? String.valueOf(r.nextLong()) : pick(r, HEADER_VALUES));
      }
    }
    return h.build();
  }

  private static String body(Random r, Call call, int status) {
    boolean success = status >= 200 && status < 300;
    String seed;
    if (call == Call.SIGN_IN && status == 403 && r.nextBoolean()) {
      seed = SEEDS.get("mfa_required");
    } else if (success) {
      seed = SEEDS.get(call.seeds[r.nextInt(call.seeds.length)]);
    } else {
      seed = pick(r, ERROR_SEEDS.toArray(String[]::new));
    }
    return switch (r.nextInt(10)) {
      case 0 -> seed; // the unmutated answer keeps the success path in the mix
      case 1, 2, 3, 4 -> seed.startsWith("<") ? mutateText(r, seed) : mutateTree(r, seed);
      case 5, 6, 7 -> mutateText(r, seed);
      case 8 -> writeJson(randomValue(r, 0));
      default -> pick(r, new String[] {"", " ", "null", "true", "0", "\"\"", "[]", "{}", "\uFEFF" + seed,
          seed + seed, seed + " x", "[" + seed + "]", "{\"a\":" + seed + "}", "\u0000", "{\"expires_in\":1e400}",
          "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "{\"a\":NaN}", "{'a':1}", "{a:1}"});
    };
  }

  // ---- mutations ------------------------------------------------------------------------------------------------

  static final String[] KNOWN_KEYS = {"access_token", "id_token", "refresh_token", "expires_in", "token_type", "scope",
      "recovery_code", "error", "error_description", "mfa_token", "mfa_requirements", "challenge", "enroll", "type",
      "authenticator_type", "binding_method", "oob_channel", "oob_channels", "oob_code", "recovery_codes", "secret",
      "barcode_uri", "challenge_type", "id", "active", "name"};

  private static String mutateTree(Random r, String seed) {
    Object tree = parse(seed);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      tree = mutateNode(r, tree, 0);
    }
    return writeJson(tree);
  }

  @SuppressWarnings("unchecked")
  private static Object mutateNode(Random r, Object node, int depth) {
    if (node instanceof Map<?, ?> m && !m.isEmpty() && r.nextInt(3) != 0) {
      Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) m);
      List<String> keys = new ArrayList<>(map.keySet());
      String key = keys.get(r.nextInt(keys.size()));
      switch (r.nextInt(6)) {
        case 0 -> map.remove(key);
        case 1 -> map.put(key, randomValue(r, depth + 1));
        case 2 -> map.put(key, null);
        case 3 -> map.put(key, List.of(map.get(key) == null ? "x" : map.get(key)));
        case 4 -> map.put(pick(r, KNOWN_KEYS), randomValue(r, depth + 1));
        default -> map.put(key, mutateNode(r, map.get(key), depth + 1));
      }
      return map;
    }
    if (node instanceof List<?> l && !l.isEmpty() && r.nextInt(3) != 0) {
      List<Object> list = new ArrayList<>(l);
      int i = r.nextInt(list.size());
      switch (r.nextInt(4)) {
        case 0 -> list.remove(i);
        case 1 -> list.set(i, randomValue(r, depth + 1));
        case 2 -> list.add(list.get(i));
        default -> list.set(i, mutateNode(r, list.get(i), depth + 1));
      }
      return list;
    }
    return randomValue(r, depth);
  }

  private static String mutateText(Random r, String seed) {
    StringBuilder s = new StringBuilder(seed);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n && s.length() > 0; i++) {
      int at = r.nextInt(s.length());
      switch (r.nextInt(5)) {
        case 0 -> s.setLength(at); // truncated
        case 1 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(8)));
        case 2 -> s.insert(at, pick(r, new String[] {"{", "}", "[", "]", "\"", ",", ":", "\\", "-", "0", "e", "null",
            "\u0000", "\uD800", "é", "\n", "true"}));
        case 3 -> s.setCharAt(at, (char) r.nextInt(128));
        default -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + r.nextInt(20))));
      }
    }
    return s.toString();
  }

  private static Object randomValue(Random r, int depth) {
    int kind = r.nextInt(depth > 3 ? 4 : 6);
    return switch (kind) {
      case 0 -> pick(r, new String[] {"", " ", "oob", "otp", "sms", "prompt", "Bearer", "recovery-code", "x".repeat(300),
          "\u0000\u001f", "ünïcödé", "\uD83D\uDE00", "sms|dev_x", "Fe26.2**", "123456"});
      case 1 -> pick(r, new Object[] {0, -1, 1.5, 86400, 9.0e15, 1.0e16, -0.0, Double.MAX_VALUE, 1e-300, 42L,
          Long.MAX_VALUE});
      case 2 -> r.nextBoolean();
      case 3 -> null;
      case 4 -> {
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          list.add(randomValue(r, depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          map.put(r.nextBoolean() ? pick(r, KNOWN_KEYS) : "k" + r.nextInt(100), randomValue(r, depth + 1));
        }
        yield map;
      }
    };
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static Object parse(String json) {
    try {
      return JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String writeJson(Object tree) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.setLenient(true);
      write(w, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void write(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof Map<?, ?> m) {
      w.beginObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        w.name(String.valueOf(e.getKey()));
        write(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof List<?> l) {
      w.beginArray();
      for (Object o : l) {
        write(w, o);
      }
      w.endArray();
    } else if (v instanceof Boolean b) {
      w.value(b);
    } else if (v instanceof Number n) {
      w.value(n);
    } else {
      w.value(String.valueOf(v));
    }
  }
}
