package dev.mfakit.cli.output;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code mfa authenticators list --json} (an array of these), with the tenant's field names; {@code
 * type} is null only for a kind the tenant's older fields leave unknown.
 *
 * @param authenticator the entry as the tenant listed it
 */
public record AuthenticatorJson(Authenticator authenticator) implements JsonResult {

  /** Every key, in print order. */
  public static final List<String> KEYS = List.copyOf(new AuthenticatorJson(new Authenticator("id",
      AuthenticatorType.OTP, false, null, null)).toJson().keySet());

  @Override
  public Map<String, Object> toJson() {
    Authenticator a = authenticator;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("authenticator_type", a.authenticatorType() == null ? null : a.authenticatorType().wireName());
    m.put("active", a.active());
    m.put("oob_channel", a.oobChannel() == null ? null : a.oobChannel().wireName());
    m.put("name", a.name());
    m.put("type", type(a));
    return m;
  }

  /**
   * The tenant's newer {@code type} field ({@code phone}, {@code email}, {@code push-notification}, {@code otp},
   * {@code recovery-code}), said from the kind every tenant lists, so that it is there whichever fields the tenant
   * sent.
   */
  private static String type(Authenticator a) {
    return switch (a.authenticatorType()) {
      case OTP -> "otp";
      case RECOVERY_CODE -> "recovery-code";
      case OOB -> a.oobChannel() == null ? null : switch (a.oobChannel()) {
        case SMS, VOICE -> "phone";
        case EMAIL -> "email";
        case AUTH0 -> "push-notification";
        case UNKNOWN -> null;
      };
      case UNKNOWN -> null;
    };
  }
}
