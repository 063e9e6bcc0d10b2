package dev.mfakit.cli.output;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code mfa authenticators list --json} (an array of these), with the tenant's field names.
 *
 * @param authenticator the entry as the tenant listed it
 */
public record AuthenticatorJson(Authenticator authenticator) implements JsonResult {

  /** Every key, in print order. */
  public static final List<String> KEYS = List.copyOf(new AuthenticatorJson(new Authenticator("id",
      AuthenticatorType.OTP, false, null, null, null)).toJson().keySet());

  @Override
  public Map<String, Object> toJson() {
    Authenticator a = authenticator;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("authenticator_type", a.authenticatorType() == null ? null : a.authenticatorType().wireName());
    m.put("active", a.active());
    m.put("oob_channel", a.oobChannel() == null ? null : a.oobChannel().wireName());
    m.put("name", a.name());
    m.put("type", a.type());
    return m;
  }
}
