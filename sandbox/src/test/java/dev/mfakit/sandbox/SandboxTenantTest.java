package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process API: lifecycle, defaults, users, clock, outbox and listeners. */
class SandboxTenantTest {

  @Test
  void startsOnAnEphemeralLoopbackPortAndClosesIdempotently() {
    SandboxTenant tenant = SandboxTenant.start();
    int port = tenant.port();
    assertTrue(port > 0);
    assertEquals("http://127.0.0.1:" + port, tenant.baseUrl().toString());
    assertEquals(200, new Wire(tenant).get("/sandbox/messages").status());
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("mfa-sandbox-" + port + "-")), "a worker served the request");
    tenant.close();
    tenant.close();
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens any more");
    assertEquals(0, workerThreads(port), "worker threads stopped");
  }

  private static long workerThreads(int port) {
    List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("mfa-sandbox-" + port + "-")).toList();
    for (Thread t : workers) {
      try {
        t.join(5_000); // a terminated pool's last worker may still be unwinding
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return workers.stream().filter(Thread::isAlive).count();
  }

  @Test
  void startsOnAGivenPort() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (SandboxTenant tenant = SandboxTenant.start(port)) {
      assertEquals(port, tenant.port());
      assertThrows(UncheckedIOException.class, () -> SandboxTenant.start(port), "the port is taken");
    }
  }

  @Test
  void tenantsAreIndependent() {
    try (SandboxTenant a = SandboxTenant.start(); SandboxTenant b = SandboxTenant.start()) {
      assertNotEquals(a.port(), b.port());
      a.addUser("only-a@example.com", "pw");
      assertThrows(IllegalArgumentException.class, () -> b.authenticators("only-a@example.com"));
      String token = new Wire(a).mfaToken("only-a@example.com", "pw");
      new Wire(b).list(token)
          .assertError(401, "invalid_grant", "The mfa_token provided is invalid. Try getting a new token.");
    }
  }

  @Test
  void defaults() {
    assertEquals("sandbox-client", SandboxTenant.CLIENT_ID);
    assertEquals("sandbox-secret", SandboxTenant.CLIENT_SECRET);
    assertEquals("demo@example.com", SandboxTenant.DEMO_USERNAME);
    assertEquals("demo-password", SandboxTenant.DEMO_PASSWORD);
    assertEquals("Username-Password-Authentication", SandboxTenant.REALM);
    try (SandboxTenant tenant = SandboxTenant.start()) {
      assertEquals(List.of(), tenant.authenticators(SandboxTenant.DEMO_USERNAME));
      assertEquals(403, new Wire(tenant).signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
      assertTrue(tenant.messages().isEmpty());
    }
  }

  @Test
  void usersAreValidatedAndUnique() {
    try (SandboxTenant tenant = SandboxTenant.start()) {
      assertThrows(IllegalArgumentException.class, () -> tenant.addUser(SandboxTenant.DEMO_USERNAME, "x"));
      assertThrows(IllegalArgumentException.class, () -> tenant.addUser("Demo@Example.com", "x"));
      assertThrows(IllegalArgumentException.class, () -> tenant.addUser(" ", "x"));
      assertThrows(IllegalArgumentException.class, () -> tenant.addUser("a@b.c", ""));
      assertThrows(IllegalArgumentException.class, () -> tenant.addClient("c", ""));
      assertThrows(IllegalArgumentException.class, () -> tenant.addPublicClient(" "));
      assertThrows(IllegalArgumentException.class, () -> tenant.authenticators("ghost"));
      assertThrows(IllegalArgumentException.class, () -> tenant.rejectPush("ghost"));
      assertThrows(IllegalStateException.class, () -> tenant.rejectPush(SandboxTenant.DEMO_USERNAME));
    }
  }

  @Test
  void builderValidatesItsOptions() {
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().port(-1));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().port(70000));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().executorThreads(0));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().outboxCapacity(0));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().rateLimit(5, 0));
    assertThrows(NullPointerException.class, () -> SandboxTenant.builder().clock(null));
  }

  @Test
  void clockOnlyMovesForward() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      assertEquals(Instant.parse("2026-03-01T12:00:00Z"), tenant.now());
      tenant.advanceClock(Duration.ofDays(1));
      assertEquals(Instant.parse("2026-03-02T12:00:00Z"), tenant.now());
      assertEquals(tenant.now(), tenant.clock().instant());
      assertThrows(IllegalArgumentException.class, () -> tenant.advanceClock(Duration.ofSeconds(-1)));
    }
  }

  @Test
  void listenerSeesEveryMessageBeforeTheResponse() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      List<SentMessage> heard = Collections.synchronizedList(new ArrayList<>());
      tenant.onMessage(m -> {
        throw new IllegalStateException("a faulty listener is ignored");
      });
      tenant.onMessage(heard::add);
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      Wire.Res r = w.associateSms(mfa, "+15551234567");
      assertEquals(200, r.status());
      assertEquals(1, heard.size(), "heard by the time the response arrived");
      assertEquals(tenant.messages(), heard);
      assertEquals(heard.get(0), tenant.lastMessageTo("+15551234567"));
      assertNull(tenant.lastMessageTo("+15550000000"));
    }
  }

  @Test
  void outboxIsCapped() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).outboxCapacity(3).start()) {
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      for (int i = 0; i < 5; i++) {
        w.associateSms(mfa, "+1555000000" + i);
      }
      assertEquals(List.of("+15550000002", "+15550000003", "+15550000004"),
          tenant.messages().stream().map(SentMessage::recipient).toList());
    }
  }

  @Test
  void logLinesCarryNoSecrets() {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).log(lines::add).start()) {
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      w.associateSms(mfa, "+15551234567");
    }
    assertEquals(List.of("POST /oauth/token 403", "POST /mfa/associate 200"), lines);
  }

  @Test
  void toStringsRedactSecrets() {
    SentMessage m = new SentMessage(Instant.EPOCH, "sms", "+15551234567", "123456", "123456 is your code");
    String s = m.toString();
    assertFalse(s.contains("123456"), s);
    assertTrue(s.contains("+1******4567"), s);
    try (SandboxTenant tenant = SandboxTenant.start()) {
      assertEquals("SandboxTenant[" + tenant.baseUrl() + "]", tenant.toString());
    }
  }

  @Test
  void executorThreadsAreBoundedAndDaemon() {
    try (SandboxTenant tenant = SandboxTenant.builder().executorThreads(2).start()) {
      Wire w = new Wire(tenant);
      for (int i = 0; i < 10; i++) {
        w.get("/sandbox/messages");
      }
      List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("mfa-sandbox-" + tenant.port() + "-")).toList();
      assertTrue(workers.size() <= 2, workers.toString());
      assertTrue(workers.stream().allMatch(Thread::isDaemon));
    }
  }
}
