package dev.mfakit.bench.auth0;

import com.auth0.client.auth.AuthAPI;
import com.auth0.exception.APIException;
import com.auth0.exception.Auth0Exception;
import com.auth0.json.auth.CreatedOobResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The baseline of the one-shot CLI benchmark: one process of Auth0's official Java SDK doing what {@code mfa associate
 * --no-input --state FILE} followed by {@code mfa verify --state FILE --code CODE} do, namely a password sign-in
 * (answered with {@code mfa_required}), an SMS association and the OOB exchange with the binding code.
 *
 * <p>Usage: {@code Auth0OneShot BASE_URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD_FILE PHONE}. {@code BASE_URL} is
 * the sandbox's {@code http://127.0.0.1:PORT}: the SDK takes a full URL as its domain and keeps an {@code http://}
 * scheme as given (it only prefixes {@code https://} to a bare host name), so no workaround is needed.
 *
 * <p>The binding code is read from the sandbox's control API ({@code GET BASE/sandbox/messages}); that read stands
 * for a person typing the texted code and is not an SDK call. It is inside the whole process the harness times (the
 * CLI side reads the code through the sandbox's Java API, between its two timed processes), so the program prints
 * how long the read took ({@code control_read_nanos=N}) and the harness reports the process time with and without
 * it. Exit 0 when the tenant issued tokens; 1 otherwise. Prints nothing secret.
 */
public final class Auth0OneShot {
  private Auth0OneShot() {}

  /**
   * Runs the three calls.
   *
   * @param args base URL, client id, client secret, username, password file, phone number
   * @throws Exception on any failure (exit 1 through the uncaught exception)
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: Auth0OneShot BASE_URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD_FILE PHONE");
      System.exit(2);
    }
    String base = args[0];
    String phone = args[5];
    char[] password = Files.readString(Path.of(args[4]), StandardCharsets.UTF_8).toCharArray();
    AuthAPI auth = AuthAPI.newBuilder(base, args[1], args[2]).build();

    String mfaToken = signIn(auth, args[3], password);
    CreatedOobResponse created =
        auth.addOobAuthenticator(mfaToken, List.of("sms"), phone, null).execute().getBody();
    long readStart = System.nanoTime();
    String bindingCode = lastCodeTo(base, phone);
    long readNanos = System.nanoTime() - readStart;
    auth.exchangeMfaOob(mfaToken, created.getOobCode().toCharArray(), bindingCode.toCharArray())
        .execute()
        .getBody();
    // The harness subtracts this from the process time to compare the three SDK calls alone.
    System.out.println("control_read_nanos=" + readNanos);
  }

  /** The 3.x SDK reports mfa_required as an APIException whose error map carries the mfa_token. */
  private static String signIn(AuthAPI auth, String username, char[] password) throws Auth0Exception {
    try {
      auth.login(username, password).execute();
    } catch (APIException e) {
      Object token = e.getValue("mfa_token");
      if (e.isMultifactorRequired() && token instanceof String s) {
        return s;
      }
      throw e;
    }
    throw new IllegalStateException("the tenant did not ask for MFA");
  }

  /**
   * The newest binding code texted to {@code phone}, from the sandbox's outbox (a JSON array, newest last). The JDK's
   * HttpURLConnection is the lightest client at hand (the SDK's OkHttp is not on its compile classpath); Jackson is the
   * SDK's own, already loaded.
   */
  private static String lastCodeTo(String base, String phone) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/sandbox/messages").toURL().openConnection();
    JsonNode outbox;
    try (InputStream in = connection.getInputStream()) {
      outbox = new ObjectMapper().readTree(in);
    } finally {
      connection.disconnect();
    }
    String code = null;
    for (JsonNode message : outbox) {
      if (phone.equals(message.path("recipient").asText())) {
        code = message.path("code").asText();
      }
    }
    if (code == null) {
      throw new IllegalStateException("no message to the phone in the sandbox outbox");
    }
    return code;
  }
}
