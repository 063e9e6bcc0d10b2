package dev.mfakit.sandbox;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a fresh {@link SandboxTenant} for each test method, closed after it. JUnit is an
 * optional dependency of mfa-sandbox; using this class needs junit-jupiter-api on the test classpath.
 *
 * <p>Either inject it:
 * <pre>{@code
 * @ExtendWith(SandboxExtension.class)
 * class SignInTest {
 *   @Test void signsIn(SandboxTenant tenant) { ... tenant.baseUrl() ... }
 * }
 * }</pre>
 * or register it and ask for it:
 * <pre>{@code
 * @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
 * @Test void signsIn() { SandboxTenant tenant = sandbox.tenant(); ... }
 * }</pre>
 * Constructor injection works too. With {@code @TestInstance(PER_CLASS)} a constructor-injected tenant lives
 * as long as the test instance, that is for the whole class.
 */
public final class SandboxExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);
  private static final String KEY = "tenant";
  private static final String CONSTRUCTOR_KEY = "constructor-tenant";

  private final ThreadLocal<SandboxTenant> current = new ThreadLocal<>();

  /** Creates the extension; each test gets a tenant with the defaults. */
  public SandboxExtension() {}

  /**
   * The tenant of the test running on this thread.
   *
   * @return the tenant the extension started for this test
   * @throws IllegalStateException outside a test method (or its before/after-each methods)
   */
  public SandboxTenant tenant() {
    SandboxTenant tenant = current.get();
    if (tenant == null) {
      throw new IllegalStateException("no sandbox tenant: call tenant() from within a test method");
    }
    return tenant;
  }

  /** Starts the test's tenant, or adopts the one its constructor already received. */
  @Override
  public void beforeEach(ExtensionContext context) {
    current.set(tenantFor(context));
  }

  /** Closes the test's tenant. */
  @Override
  public void afterEach(ExtensionContext context) {
    current.remove();
    Holder holder = context.getStore(NAMESPACE).remove(KEY, Holder.class);
    if (holder != null) {
      holder.tenant.close();
    }
  }

  /** Resolves parameters of type {@link SandboxTenant}. */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == SandboxTenant.class;
  }

  /** The test's tenant; for a constructor, a tenant that the following test method then adopts. */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (extensionContext.getTestMethod().isPresent()) {
      return tenantFor(extensionContext);
    }
    // Constructor injection in the class's context, before beforeEach runs: park the tenant there.
    ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
    Holder previous = store.remove(CONSTRUCTOR_KEY, Holder.class);
    if (previous != null) {
      previous.tenant.close();
    }
    Holder holder = new Holder(SandboxTenant.start());
    store.put(CONSTRUCTOR_KEY, holder);
    return holder.tenant;
  }

  /** The tenant of one test method (a method-level context), created or adopted on first use. */
  private static SandboxTenant tenantFor(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Holder holder = store.get(KEY, Holder.class);
    if (holder != null) {
      return holder.tenant;
    }
    ExtensionContext parent = context.getParent().orElse(null);
    Holder parked = parent == null ? null : parent.getStore(NAMESPACE).get(CONSTRUCTOR_KEY, Holder.class);
    if (parked != null) {
      if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
          == TestInstance.Lifecycle.PER_CLASS) {
        return parked.tenant; // one instance for the class, so one tenant for the class
      }
      parent.getStore(NAMESPACE).remove(CONSTRUCTOR_KEY, Holder.class);
      holder = parked;
    } else {
      holder = new Holder(SandboxTenant.start());
    }
    store.put(KEY, holder);
    return holder.tenant;
  }

  /** Stored in JUnit's store so a tenant left there (PER_CLASS, aborted tests) is closed with its context. */
  @SuppressWarnings("deprecation") // CloseableResource: the one mechanism every JUnit 5 version closes
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final SandboxTenant tenant;

    Holder(SandboxTenant tenant) {
      this.tenant = tenant;
    }

    @Override
    public void close() {
      tenant.close();
    }
  }
}
