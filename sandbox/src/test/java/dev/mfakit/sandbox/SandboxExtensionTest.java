package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension, used the three ways its Javadoc promises. */
class SandboxExtensionTest {

  static void assertClosed(SandboxTenant tenant) {
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", tenant.port()).close());
  }

  @Test
  void tenantOutsideATestIsAnError() {
    assertThrows(IllegalStateException.class, () -> new SandboxExtension().tenant());
  }

  @Nested
  @ExtendWith(SandboxExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ParameterInjection {
    static SandboxTenant first;

    @Test
    @Order(1)
    void getsAWorkingTenant(SandboxTenant tenant) {
      first = tenant;
      assertEquals(403, new Wire(tenant).signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
      tenant.addUser("added@example.com", "pw");
    }

    @Test
    @Order(2)
    void getsAFreshOneAndThePreviousIsClosed(SandboxTenant tenant) {
      assertNotNull(first);
      assertNotEquals(first.port(), tenant.port());
      assertClosed(first);
      assertEquals(403, new Wire(tenant).signIn("added@example.com", "pw").status(), "the user is not there");
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Registered {
    @RegisterExtension
    final SandboxExtension sandbox = new SandboxExtension();
    static SandboxTenant first;

    @Test
    @Order(1)
    void tenantIsTheInjectedOne(SandboxTenant injected) {
      assertSame(injected, sandbox.tenant());
      first = injected;
    }

    @Test
    @Order(2)
    void freshPerTest() {
      assertNotEquals(first.port(), sandbox.tenant().port());
      assertClosed(first);
    }
  }

  @Nested
  @ExtendWith(SandboxExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ConstructorInjection {
    static SandboxTenant first;
    private final SandboxTenant tenant;

    ConstructorInjection(SandboxTenant tenant) {
      this.tenant = tenant;
    }

    @Test
    @Order(1)
    void constructorTenantIsTheTestsTenant(SandboxTenant injected) {
      assertSame(tenant, injected);
      first = tenant;
    }

    @Test
    @Order(2)
    void eachInstanceGetsItsOwn() {
      assertNotEquals(first.port(), tenant.port());
      assertClosed(first);
      assertEquals(200, new Wire(tenant).get("/sandbox/messages").status());
    }
  }

  @Nested
  @ExtendWith(SandboxExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClassConstructorInjection {
    private final SandboxTenant tenant;

    PerClassConstructorInjection(SandboxTenant tenant) {
      this.tenant = tenant;
    }

    @Test
    @Order(1)
    void sharesOneTenant(SandboxTenant injected) {
      assertSame(tenant, injected);
      tenant.addUser("kept@example.com", "pw");
    }

    @Test
    @Order(2)
    void stillOpenForTheNextTest(SandboxTenant injected) {
      assertSame(tenant, injected);
      assertEquals(403, new Wire(tenant).signIn("kept@example.com", "pw").status());
    }
  }
}
