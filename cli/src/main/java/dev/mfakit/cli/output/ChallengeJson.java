package dev.mfakit.cli.output;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.BindingMethod;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.OobChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} result of {@code mfa challenge}.
 *
 * @param challengeType {@code otp} or {@code oob}
 * @param authenticatorId the authenticator challenged
 * @param oobChannel its channel, or null
 * @param recipient the tenant's masked name for it, or null
 * @param bindingMethod {@code prompt} when a code must be typed, or null
 * @param stateFile the state file the challenge was saved to
 * @param expiresAt when the sent code stops working, or null (an app's code)
 */
public record ChallengeJson(ChallengeType challengeType, String authenticatorId, OobChannel oobChannel,
                            String recipient, BindingMethod bindingMethod, Path stateFile, Instant expiresAt)
    implements JsonResult {

  /** Every key, in print order. */
  public static final List<String> KEYS = List.copyOf(new ChallengeJson(null, null, null, null, null, null, null)
      .toJson().keySet());

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("challenge_type", challengeType == null ? null : challengeType.wireName());
    m.put("authenticator_id", authenticatorId);
    m.put("oob_channel", oobChannel == null ? null : oobChannel.wireName());
    m.put("recipient", recipient);
    m.put("binding_method", bindingMethod == null ? null : bindingMethod.wireName());
    m.put("state_file", stateFile == null ? null : stateFile.toString());
    m.put("expires_at", Json.time(expiresAt));
    return m;
  }
}
