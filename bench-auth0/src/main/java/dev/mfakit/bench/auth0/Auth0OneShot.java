package dev.mfakit.bench.auth0;

import com.auth0.client.auth.AuthAPI;
import com.auth0.exception.APIException;
import com.auth0.exception.Auth0Exception;
import com.auth0.json.auth.CreatedOobResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of the one-shot CLI benchmark: one process of Auth0's official Java SDK doing what {@code mfa associate
 * --no-input --state FILE} followed by {@code mfa verify --state FILE --code CODE} do, namely a password sign-in
 * (answered with {@code mfa_required}), an SMS association and the OOB exchange with the binding code.
 *
 * <p>Usage: {@code Auth0OneShot BASE_URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD_FILE PHONE}. {@code BASE_URL} is
 * the sandbox's {@code http://127.0.0.1:PORT}: the SDK takes a full URL as its domain and keeps an {@code http://}
 * scheme as given (it only prefixes {@code https://} to a bare host name), so no workaround is needed.
 *
 * <p>The binding code is read from the sandbox's control API ({@code GET BASE/sandbox/messages}) with the JDK's
 * HTTP client; that read stands for a person typing the texted code, is not an SDK call, and is inside the whole
 * process the harness times (the CLI side reads it through the sandbox's Java API, outside its timed processes).
 * Exit 0 when the tenant issued tokens; 1 otherwise. Prints nothing secret.
 */
public final class Auth0OneShot {
  private static final Pattern MESSAGE =
      Pattern.compile("\\{[^{}]*\"recipient\"\\s*:\\s*\"([^\"]*)\"[^{}]*\\}");
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([0-9]+)\"");

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
    String bindingCode = lastCodeTo(base, phone);
    auth.exchangeMfaOob(mfaToken, created.getOobCode().toCharArray(), bindingCode.toCharArray())
        .execute()
        .getBody();
    System.out.println("enrolled");
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

  private static String lastCodeTo(String base, String phone) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String code = null;
    Matcher m = MESSAGE.matcher(body);
    while (m.find()) { // newest last: keep the last message to this phone
      if (m.group(1).equals(phone)) {
        Matcher c = CODE.matcher(m.group());
        if (c.find()) {
          code = c.group(1);
        }
      }
    }
    if (code == null) {
      throw new IllegalStateException("no message to the phone in the sandbox outbox");
    }
    return code;
  }
}
