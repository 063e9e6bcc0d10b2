package dev.mfakit.sandbox.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP front end: routing, strict body parsing, the global rate limit, and the headers every response of
 * the protocol carries. One instance serves every request; it holds no mutable state of its own.
 */
final class HttpFront implements HttpHandler {
  static final int MAX_BODY = 64 * 1024;
  private static final String JSON = "application/json";
  private static final String JSON_UTF8 = "application/json; charset=utf-8";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String TOKEN_ERROR_CACHE_CONTROL =
      "private, no-store, no-cache, must-revalidate, post-check=0, pre-check=0, no-transform";

  private enum Family { TOKEN, MFA, OIDC, CONTROL, OTHER }

  private enum Route {
    TOKEN("POST", true), ASSOCIATE("POST", true), CHALLENGE("POST", true), LIST("GET", false),
    DELETE("DELETE", false), MESSAGES("GET", false), APPROVE("POST", true), REJECT("POST", true),
    USERS("POST", true), CLOCK("GET", false), CLOCK_ADVANCE("POST", true), USER_AUTHENTICATORS("GET", false),
    DISCOVERY("GET", false), JWKS("GET", false), USERINFO("GET", false), CLIENTS("POST", true),
    STATS("GET", false), CODE("GET", false),
    APIS("POST", true);

    final String method;
    final boolean body;

    Route(String method, boolean body) {
      this.method = method;
      this.body = body;
    }
  }

  private final Tenant tenant;
  private final Consumer<String> log;

  HttpFront(Tenant tenant, Consumer<String> log) {
    this.tenant = tenant;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange ex) {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      Family family = path.equals("/oauth/token") ? Family.TOKEN
          : path.startsWith("/mfa/") ? Family.MFA
          : path.startsWith("/.well-known/") || path.equals("/userinfo") ? Family.OIDC
          : path.startsWith("/sandbox/") ? Family.CONTROL : Family.OTHER;
      long now = tenant.millis();
      TokenBucket bucket = null;
      Reply reply;
      try {
        Route route = route(family, path);
        Refusal pending = null;
        if (route == null) {
          pending = new Refusal(404, "not_found", "Not Found");
        } else if (!route.method.equals(method)) {
          pending = new Refusal(405, "method_not_allowed", "Method Not Allowed", null, "Allow", route.method);
        }
        Params params = Params.EMPTY;
        if (pending == null && route.body) {
          try {
            params = readParams(ex, family);
          } catch (Refusal r) {
            pending = r;
          }
        } else if (pending == null && route == Route.CODE) {
          try {
            params = new Params(parseForm(ex.getRequestURI().getRawQuery() == null ? new byte[0]
                : ex.getRequestURI().getRawQuery().getBytes(StandardCharsets.US_ASCII)));
          } catch (Refusal r) {
            pending = r;
          }
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (family == Family.TOKEN || family == Family.MFA) {
          // The whole tenant's limit first, then the caller's own. The headers report the tenant's when it is on:
          // that is the limit a real tenant's X-RateLimit-* describe (protocol doc §7).
          TokenBucket whole = tenant.tenantBucket();
          TokenBucket own = globalBucket(ex, path, params, authorization, family, now);
          bucket = whole != null ? whole : own;
          if (whole != null && !whole.tryTake(now)) {
            throw Refusal.tooManyRequests(whole.info(now, false));
          }
          if (own != null && !own.tryTake(now)) {
            throw Refusal.tooManyRequests(own.info(now, false));
          }
        }
        if (pending != null) {
          throw pending;
        }
        reply = dispatch(route, path, params, authorization, now);
      } catch (Refusal r) {
        reply = r.toReply();
      } catch (RuntimeException e) {
        // A bug must still produce an answer (and never a stack trace or request data on the wire).
        reply = new Refusal(500, "server_error", "Internal Server Error").toReply();
      }
      if (family == Family.TOKEN || family == Family.MFA) {
        tenant.stats.answered(reply.status(), now);
      }
      if (log != null) {
        // Before the response, so lines follow the order in which the client saw the answers.
        log.accept(method + " " + path + " " + reply.status());
      }
      respond(ex, family, reply, bucket, now);
    } catch (IOException | RuntimeException e) {
      // The client went away mid-exchange: the exchange is closed by try-with-resources.
      if (log != null) {
        log.accept("error: " + e.getClass().getSimpleName());
      }
    }
  }

  private static Route route(Family family, String path) {
    switch (family) {
      case TOKEN:
        return Route.TOKEN;
      case MFA:
        switch (path) {
          case "/mfa/associate":
            return Route.ASSOCIATE;
          case "/mfa/challenge":
            return Route.CHALLENGE;
          case "/mfa/authenticators":
            return Route.LIST;
          default:
            String rest = path.startsWith("/mfa/authenticators/") ? path.substring("/mfa/authenticators/".length()) : "";
            return !rest.isEmpty() && rest.indexOf('/') < 0 ? Route.DELETE : null;
        }
      case OIDC:
        switch (path) {
          case "/.well-known/openid-configuration":
            return Route.DISCOVERY;
          case "/.well-known/jwks.json":
            return Route.JWKS;
          case "/userinfo":
            return Route.USERINFO;
          default:
            return null;
        }
      case CONTROL:
        switch (path) {
          case "/sandbox/clients":
            return Route.CLIENTS;
          case "/sandbox/apis":
            return Route.APIS;
          case "/sandbox/messages":
            return Route.MESSAGES;
          case "/sandbox/push/approve":
            return Route.APPROVE;
          case "/sandbox/push/reject":
            return Route.REJECT;
          case "/sandbox/users":
            return Route.USERS;
          case "/sandbox/clock":
            return Route.CLOCK;
          case "/sandbox/clock/advance":
            return Route.CLOCK_ADVANCE;
          case "/sandbox/stats":
            return Route.STATS;
          case "/sandbox/code":
            return Route.CODE;
          default:
            if (path.startsWith("/sandbox/users/") && path.endsWith("/authenticators")) {
              String name = path.substring("/sandbox/users/".length(), path.length() - "/authenticators".length());
              return !name.isEmpty() && name.indexOf('/') < 0 ? Route.USER_AUTHENTICATORS : null;
            }
            return null;
        }
      default:
        return null;
    }
  }

  private Reply dispatch(Route route, String path, Params p, String authorization, long now) {
    return switch (route) {
      case TOKEN -> TokenEndpoint.handle(tenant, p, authorization, now);
      case ASSOCIATE -> MfaEndpoints.associate(tenant, p, authorization, now);
      case CHALLENGE -> MfaEndpoints.challenge(tenant, p, authorization, now);
      case LIST -> MfaEndpoints.list(tenant, authorization, now);
      case DELETE -> MfaEndpoints.delete(tenant, authorization,
          decodePath(path.substring("/mfa/authenticators/".length())), now);
      case MESSAGES -> ControlApi.messages(tenant);
      case APPROVE -> ControlApi.push(tenant, p, true);
      case REJECT -> ControlApi.push(tenant, p, false);
      case USERS -> ControlApi.addUser(tenant, p);
      case CLOCK -> ControlApi.clock(tenant);
      case CLOCK_ADVANCE -> ControlApi.advanceClock(tenant, p);
      case STATS -> ControlApi.stats(tenant);
      case CODE -> ControlApi.code(tenant, p);
      case USER_AUTHENTICATORS -> ControlApi.authenticators(tenant,
          decodePath(path.substring("/sandbox/users/".length(), path.length() - "/authenticators".length())));
      case CLIENTS -> ControlApi.addClient(tenant, p);
      case APIS -> ControlApi.addApi(tenant, p);
      case DISCOVERY -> Oidc.discovery(tenant);
      case JWKS -> Oidc.jwks();
      case USERINFO -> Oidc.userinfo(tenant, authorization, now);
    };
  }

  /** The global limit applies per client_id, or per IP address when the request names no client. */
  private TokenBucket globalBucket(HttpExchange ex, String path, Params params, String authorization, Family family,
      long now) {
    // Only where the Authorization slot holds no Bearer may it name the client (HTTP Basic).
    boolean allowBasic = family == Family.TOKEN || path.equals("/mfa/challenge");
    String clientId;
    try {
      clientId = ClientAuth.claimedClientId(params, authorization, allowBasic);
    } catch (Refusal r) {
      clientId = null;
    }
    String key = clientId != null ? "client:" + clientId
        : "ip:" + ex.getRemoteAddress().getAddress().getHostAddress();
    return tenant.rateBucket(key, now);
  }

  // ---- request bodies ----------------------------------------------------------------------------------

  private static Params readParams(HttpExchange ex, Family family) throws IOException {
    Headers h = ex.getRequestHeaders();
    String length = h.getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw Refusal.invalidRequest("Invalid Content-Length");
      }
    }
    byte[] body = readBody(ex.getRequestBody());
    String contentType = h.getFirst("Content-Type");
    String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (media.equals(JSON)) {
      return new Params(Json.parseObject(body));
    }
    if (family == Family.TOKEN && media.equals(FORM)) {
      return new Params(parseForm(body));
    }
    // ASSUMPTION (docs/protocol.md): /mfa/associate and /mfa/challenge take JSON only (every SDK and recording sends JSON).
    throw Refusal.invalidRequest(family == Family.TOKEN
        ? "Unsupported Content-Type: send application/json or application/x-www-form-urlencoded"
        : "Unsupported Content-Type: send application/json");
  }

  private static Refusal tooLarge() {
    return new Refusal(413, "invalid_request", "Request body too large", null, "Connection", "close");
  }

  private static byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_BODY) {
        throw tooLarge();
      }
    }
    return out.toByteArray();
  }

  private static Map<String, Object> parseForm(byte[] body) {
    Map<String, Object> m = new HashMap<>();
    String s = new String(body, StandardCharsets.UTF_8);
    if (s.isEmpty()) {
      return m;
    }
    try {
      for (String pair : s.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (m.putIfAbsent(k, v) != null) {
          // RFC 6749 §3.2: parameters must not be included more than once.
          throw Refusal.invalidRequest("A parameter appears more than once");
        }
      }
    } catch (IllegalArgumentException e) {
      throw Refusal.invalidRequest("Malformed form body");
    }
    return m;
  }

  /** Percent-decodes one path segment ({@code sms%7Cdev_x} -> {@code sms|dev_x}); '+' stays '+'. */
  static String decodePath(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refusal(404, "not_found", "Not Found");
    }
  }

  // ---- responses ---------------------------------------------------------------------------------------

  private static void respond(HttpExchange ex, Family family, Reply reply, TokenBucket bucket, long now)
      throws IOException {
    Headers h = ex.getResponseHeaders();
    byte[] body = reply.body();
    if (body != null) {
      h.set("Content-Type", family == Family.TOKEN ? JSON : JSON_UTF8);
    }
    if (family == Family.TOKEN) {
      if (reply.isError()) {
        h.set("Cache-Control", TOKEN_ERROR_CACHE_CONTROL);
      } else {
        h.set("Cache-Control", "no-store");
        h.set("Pragma", "no-cache");
      }
    }
    String[] extra = reply.headers();
    for (int i = 0; i + 1 < extra.length; i += 2) {
      h.set(extra[i], extra[i + 1]);
    }
    if (family == Family.TOKEN || family == Family.MFA) {
      // GUESS (docs/protocol.md, "Rate limits"): X-RateLimit-* on every response of /oauth/token and /mfa/* and Retry-After on
      // a 429 (presence on /mfa/* was never observed). A per-user limit that
      // refused the request reports its own bucket; otherwise the global one (its reset = full again).
      RateInfo info = reply.rate() != null ? reply.rate() : bucket != null ? bucket.info(now, false) : null;
      if (info != null) {
        h.set("X-RateLimit-Limit", Integer.toString(info.limit()));
        h.set("X-RateLimit-Remaining", Integer.toString(info.remaining()));
        h.set("X-RateLimit-Reset", Long.toString(ceilDiv(info.resetMillis(), 1000)));
        if (reply.status() == 429) {
          h.set("Retry-After", Long.toString(Math.max(1, ceilDiv(info.retryAfterMillis(), 1000))));
        }
      }
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      body = null; // a HEAD answer has headers only
    }
    ex.sendResponseHeaders(reply.status(), body == null ? -1 : body.length);
    if (body != null) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
