package dev.mfakit.consumer;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import dev.mfakit.sandbox.SandboxTenant;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * One SMS enrollment against an in-process sandbox tenant, through the published jars only. The argument says how it
 * was started ({@code module-path} or {@code class-path}); on the module path it also checks that the client's
 * {@code internal} package is closed to applications. Both jars must carry the license. Any failure ends the program with an exception (exit 1), which
 * fails the build that runs it.
 */
public final class Enroll {
  private static final String PHONE = "+15555550123";

  private Enroll() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Module client = MfaClient.class.getModule();
    if (mode.equals("module-path")) {
      check(client.isNamed() && client.getName().equals("dev.mfakit.client"),
          "mfa-client is not module dev.mfakit.client: " + client);
      check("dev.mfakit.sandbox".equals(SandboxTenant.class.getModule().getName()),
          "mfa-sandbox is not module dev.mfakit.sandbox");
      check(client.isExported("dev.mfakit.client"), "dev.mfakit.client is not exported");
      check(!client.isExported("dev.mfakit.client.internal") && !client.isOpen("dev.mfakit.client.internal"),
          "dev.mfakit.client.internal is exported or open");
      Class<?> internal = Class.forName("dev.mfakit.client.internal.Validation");
      try {
        internal.getDeclaredConstructors()[0].setAccessible(true);
        throw new AssertionError("reflection reached into dev.mfakit.client.internal");
      } catch (InaccessibleObjectException expected) {
        // closed, as it should be
      }
    } else {
      check(!client.isNamed(), "expected the class path, got module " + client);
    }

    for (Class<?> published : new Class<?>[] {MfaClient.class, SandboxTenant.class}) {
      Path jar = Path.of(published.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (JarFile file = new JarFile(jar.toFile())) {
        check(file.getEntry("META-INF/LICENSE") != null, jar + " has no META-INF/LICENSE");
      }
    }

    try (SandboxTenant tenant = SandboxTenant.start()) {
      MfaClient mfa = MfaClient.builder().baseUrl(tenant.baseUrl())
          .clientId(SandboxTenant.CLIENT_ID).clientSecret(SandboxTenant.CLIENT_SECRET).build();
      SignInResult signIn =
          mfa.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD));
      if (!(signIn instanceof MfaRequired required)) {
        throw new AssertionError("the sandbox did not ask for a second factor: " + signIn);
      }
      MfaToken token = required.mfaToken();
      Association sms = mfa.associate(token, Enrollment.sms(PHONE));
      String code = tenant.lastMessageTo(PHONE).code();
      Tokens tokens = mfa.verifyOob(token, sms.oobCode(), code);
      check(tokens.accessToken() != null, "no access token");
      System.out.println("enrolled " + PHONE + " through the published artifacts on the " + mode);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
