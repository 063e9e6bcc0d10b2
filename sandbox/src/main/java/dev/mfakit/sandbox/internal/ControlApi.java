package dev.mfakit.sandbox.internal;

import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxStats;
import dev.mfakit.sandbox.SentMessage;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's own control API under {@code /sandbox/} (not part of Auth0's protocol): the outbox, push
 * decisions, users, the clock. Loopback only, no authentication: it is a development tool.
 */
final class ControlApi {
  private ControlApi() {}

  static Refusal notFound(String what) {
    return new Refusal(404, "not_found", what);
  }

  static Reply messages(Tenant tenant) {
    Json.Out out = new Json.Out().beginArray();
    for (SentMessage m : tenant.messages()) {
      out.beginObject()
          .field("channel", m.channel())
          .field("recipient", m.recipient())
          .field("code", m.code())
          .field("text", m.text())
          .field("sent_at", DateTimeFormatter.ISO_INSTANT.format(m.sentAt()))
          .endObject();
    }
    return Reply.json(200, out.endArray().bytes());
  }

  /**
   * The code of the newest message to one recipient, as plain text ({@code 042917} and a line break), for a script
   * that needs only the code: {@code curl -sfG --data-urlencode "recipient=+15551234567" $BASE/sandbox/code}.
   */
  static Reply code(Tenant tenant, Params p) {
    String recipient = p.require("recipient");
    SentMessage m = tenant.lastMessageTo(recipient);
    if (m == null) {
      throw notFound("No message to this recipient");
    }
    return new Reply(200, (m.code() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), null,
        "Content-Type", "text/plain; charset=utf-8");
  }

  static Reply push(Tenant tenant, Params p, boolean approve) {
    String username = p.require("username");
    if (tenant.user(username) == null) {
      throw notFound("No such user");
    }
    if (!tenant.decidePush(username, approve)) {
      throw notFound("No pending push for this user");
    }
    return Reply.noContent();
  }

  static Reply addUser(Tenant tenant, Params p) {
    String username = p.require("username");
    String password = p.require("password");
    boolean mfa = bool(p, "mfa", true);
    boolean emailVerified = bool(p, "email_verified", false);
    if (emailVerified && username.indexOf('@') <= 0) {
      throw Refusal.invalidRequest("email_verified needs a username that is an e-mail address");
    }
    if (!tenant.addUser(username, password, mfa)) {
      throw new Refusal(409, "conflict", "The user already exists");
    }
    if (emailVerified) {
      tenant.setEmailVerified(username, true);
    }
    User user = tenant.user(username);
    return Reply.json(201, new Json.Out().beginObject()
        .field("user_id", user.id)
        .field("username", user.username)
        .field("mfa", user.mfa)
        .field("email_verified", user.emailVerified)
        .endObject().bytes());
  }

  private static boolean bool(Params p, String name, boolean absent) {
    Object v = p.raw(name);
    if (v != null && !(v instanceof Boolean)) {
      throw Refusal.invalidRequest("Invalid parameter: " + name + " must be a boolean");
    }
    return v == null ? absent : (Boolean) v;
  }

  /**
   * Adds or replaces an application: confidential with a {@code client_secret}, public without; {@code
   * grant_types} (default: every grant the tenant knows) as Auth0's Management API names them.
   */
  static Reply addClient(Tenant tenant, Params p) {
    String clientId = p.require("client_id");
    String secret = p.string("client_secret");
    List<String> grants = p.strings("grant_types");
    try {
      if (secret != null) {
        tenant.addClient(clientId, secret, grants == null ? Tenant.knownGrantTypes() : grants);
      } else {
        tenant.addPublicClient(clientId, grants);
      }
    } catch (IllegalArgumentException e) {
      throw Refusal.invalidRequest(e.getMessage()); // our own texts: no request value but a grant name
    }
    Client client = tenant.clients.get(clientId);
    Json.Out out = new Json.Out().beginObject()
        .field("client_id", client.id())
        .field("token_endpoint_auth_method", secret != null ? "client_secret_post" : "none")
        .name("grant_types").beginArray();
    for (String g : Tenant.knownGrantTypes()) {
      if (client.allows(g)) {
        out.value(g);
      }
    }
    return Reply.json(201, out.endArray().endObject().bytes());
  }

  /**
   * Registers an API by its identifier ({@code audience}), so that tokens may be asked for it: 201 {@code
   * {"audience"}}, also when it was registered already.
   */
  static Reply addApi(Tenant tenant, Params p) {
    String audience = p.require("audience");
    try {
      tenant.addApi(audience);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalidRequest(e.getMessage()); // our own text, without the value
    }
    return Reply.json(201, new Json.Out().beginObject().field("audience", audience).endObject().bytes());
  }

  static Reply advanceClock(Tenant tenant, Params p) {
    if (!(p.raw("seconds") instanceof Number n)) {
      throw p.has("seconds") ? Refusal.invalidRequest("Invalid parameter: seconds must be a number")
          : Refusal.missing("seconds");
    }
    double seconds = n.doubleValue();
    if (seconds < 0 || Double.isNaN(seconds) || seconds > 1e10) {
      throw Refusal.invalidRequest("seconds must be between 0 and 1e10");
    }
    tenant.advanceClock(Duration.ofMillis(Math.round(seconds * 1000)));
    return clock(tenant);
  }

  static Reply clock(Tenant tenant) {
    return Reply.json(200, new Json.Out().beginObject()
        .field("now", DateTimeFormatter.ISO_INSTANT.format(tenant.now()))
        .endObject().bytes());
  }

  /**
   * {@code GET /sandbox/stats}: {@code requests} (answered on /oauth/token and /mfa/*, 429s included), {@code
   * rate_limited} (429s), {@code associations_by_user}, then {@code messages_sent}, {@code by_status}, {@code
   * first_request_at} / {@code last_request_at} (null before any) and the tenant-wide {@code rate_limit} (null when
   * off).
   */
  static Reply stats(Tenant tenant) {
    SandboxStats s = tenant.stats();
    Json.Out out = new Json.Out().beginObject()
        .field("requests", s.requests())
        .field("rate_limited", s.rateLimited())
        .name("associations_by_user").beginObject();
    s.associationsByUser().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.field(e.getKey(), e.getValue()));
    out.endObject()
        .field("messages_sent", s.messagesSent())
        .name("by_status").beginObject();
    s.byStatus().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.field(String.valueOf(e.getKey()), e.getValue()));
    out.endObject()
        .nullable("first_request_at", s.firstRequestAt() == null ? null
            : DateTimeFormatter.ISO_INSTANT.format(s.firstRequestAt()))
        .nullable("last_request_at", s.lastRequestAt() == null ? null
            : DateTimeFormatter.ISO_INSTANT.format(s.lastRequestAt()));
    int[] limit = tenant.tenantRateLimit();
    out.name("rate_limit");
    if (limit[0] > 0) {
      out.beginObject().field("requests_per_second", limit[0]).field("burst", limit[1]).endObject();
    } else {
      out.nullValue();
    }
    return Reply.json(200, out.endObject().bytes());
  }

  static Reply authenticators(Tenant tenant, String username) {
    if (tenant.user(username) == null) {
      throw notFound("No such user");
    }
    Json.Out out = new Json.Out().beginArray();
    for (SandboxAuthenticator a : tenant.authenticators(username)) {
      out.beginObject()
          .field("id", a.id())
          .field("authenticator_type", a.authenticatorType())
          .optional("oob_channel", a.oobChannel())
          .field("active", a.active())
          .endObject();
    }
    return Reply.json(200, out.endArray().bytes());
  }
}
