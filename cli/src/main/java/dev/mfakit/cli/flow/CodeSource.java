package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.Tokens;
import dev.mfakit.client.Totp;
import java.time.Clock;
import java.util.function.Function;

/**
 * Where a flow gets the codes it verifies: a person at a prompt (three tries), the sandbox's outbox, a code given on
 * the command line, or, for a batch, a function (a script's output, a TOTP computed from a stored secret). The
 * source decides how often to ask again; the flow only verifies.
 */
public interface CodeSource {
  /**
   * Gets a code and calls {@code verify} with it, again after a wrong code if this source can ask again.
   *
   * @param request what the code is for
   * @param verify sends the code to the tenant; throws {@link dev.mfakit.client.MfaApiException} when refused
   * @return what {@code verify} returned for the code that worked
   */
  Tokens enter(CodeRequest request, Function<String, Tokens> verify);

  /**
   * One code known before the run ({@code --code}, {@code --otp}), tried once.
   *
   * @param code the code
   * @return the source
   */
  static CodeSource given(String code) {
    return from(request -> code);
  }

  /**
   * Codes looked up or computed per request, each tried once: no prompt, nothing printed.
   *
   * @param codes the code for a request
   * @return the source
   */
  static CodeSource from(Function<CodeRequest, String> codes) {
    return (request, verify) -> verify.apply(codes.apply(request));
  }

  /**
   * The code an authenticator app would show now, computed from the association this run made (its {@code
   * barcode_uri}, else its secret): enrolling an app with nobody to ask, for accounts a script keeps (a batch row,
   * a test account). Answers only an authenticator-app enrollment made in the same run.
   *
   * @param clock the time the code is for
   * @return the source
   * @throws IllegalStateException (when asked) for any other step: it has no secret to compute from
   */
  static CodeSource totp(Clock clock) {
    return from(request -> {
      Association a = request.pending().association();
      if (request.pending().factor() != FactorKind.AUTHENTICATOR_APP || a == null
          || (a.barcodeUri() == null && a.secret() == null)) {
        throw new IllegalStateException("no TOTP secret to compute a code from for " + request.pending().factor());
      }
      Totp totp = a.barcodeUri() != null ? Totp.fromOtpauthUri(a.barcodeUri()) : Totp.fromBase32(a.secret());
      return totp.codeAt(clock.instant());
    });
  }
}
