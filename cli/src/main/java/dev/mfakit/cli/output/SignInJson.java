package dev.mfakit.cli.output;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} result of {@code login}, {@code associate} and {@code verify}: one shape for the three, the same
 * name for the same fact. Prints without its secrets.
 *
 * @param signedIn whether the run ended signed in (tokens issued)
 * @param mfaRequired whether the tenant asked for a second factor
 * @param authenticatorId the authenticator enrolled or used, or null
 * @param authenticatorType its type, or null
 * @param oobChannel its channel, or null
 * @param recipient where its codes go, masked, or null
 * @param active whether the tenant lists it as active, or null
 * @param stateFile the state file written, or null
 * @param expiresAt when the pending code expires, or null
 * @param mfaTokenExpiresAt when the saved mfa_token expires, or null
 * @param recoveryCodes recovery codes handed out on stdout (empty when none, or written to a file)
 * @param recoveryCodeFile the file the recovery code was written to, or null
 * @param tokens the tokens issued, or null
 * @param tokenFile the file the tokens were written to, or null
 * @param barcodeUri the {@code otpauth://} URI of an authenticator-app or push enrollment (to draw as a QR code), or
 *     null; only {@code mfa associate} gives it, as it exists to
 * @param secret the TOTP secret of an authenticator-app enrollment, or null; likewise
 */
public record SignInJson(boolean signedIn, boolean mfaRequired, String authenticatorId,
                         AuthenticatorType authenticatorType, OobChannel oobChannel, String recipient, Boolean active,
                         Path stateFile, Instant expiresAt, Instant mfaTokenExpiresAt, List<String> recoveryCodes,
                         Path recoveryCodeFile, TokensJson tokens, Path tokenFile, String barcodeUri, String secret)
    implements JsonResult {

  /** Every key, in print order. */
  public static final List<String> KEYS = List.copyOf(new SignInJson(false, false, null, null, null, null, null, null,
      null, null, List.of(), null, null, null, null, null).toJson().keySet());

  /** Copies the codes. */
  public SignInJson {
    recoveryCodes = List.copyOf(recoveryCodes);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("signed_in", signedIn);
    m.put("mfa_required", mfaRequired);
    m.put("authenticator_id", authenticatorId);
    m.put("authenticator_type", authenticatorType == null ? null : authenticatorType.wireName());
    m.put("oob_channel", oobChannel == null ? null : oobChannel.wireName());
    m.put("recipient", recipient);
    m.put("active", active);
    m.put("state_file", stateFile == null ? null : stateFile.toString());
    m.put("expires_at", Json.time(expiresAt));
    m.put("mfa_token_expires_at", Json.time(mfaTokenExpiresAt));
    m.put("recovery_codes", recoveryCodes);
    m.put("recovery_code_file", recoveryCodeFile == null ? null : recoveryCodeFile.toString());
    m.put("tokens", tokens == null ? null : tokens.toJson());
    m.put("token_file", tokenFile == null ? null : tokenFile.toString());
    m.put("barcode_uri", barcodeUri);
    m.put("secret", secret);
    return m;
  }

  @Override
  public String toString() {
    return "SignInJson[signedIn=" + signedIn + ", mfaRequired=" + mfaRequired + ", authenticatorId=" + authenticatorId
        + ", active=" + active + ", recoveryCodes=" + recoveryCodes.size() + ", tokens=" + tokens + ", barcodeUri="
        + (barcodeUri == null ? null : "██") + ", secret=" + (secret == null ? null : "██") + "]";
  }
}
