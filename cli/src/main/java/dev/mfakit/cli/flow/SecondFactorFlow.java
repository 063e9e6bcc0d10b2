package dev.mfakit.cli.flow;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.command.Session;
import dev.mfakit.cli.output.Output;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.Tokens;
import java.time.Duration;
import java.util.List;

/** Passing the second factor of a sign-in: pick an authenticator, challenge it, get the code, verify. */
public final class SecondFactorFlow {
  /** How long to wait for a push approval. */
  static final Duration PUSH_TIMEOUT = Duration.ofMinutes(2);

  private SecondFactorFlow() {}

  /**
   * Picks the authenticator to challenge: {@code id} when given, else the first active one of {@code type}
   * ({@code otp}, {@code oob}, or null for any) that is not a recovery code.
   *
   * @param instead how to use a recovery code with this verb, for when {@code id} is the recovery-code entry
   * @throws Failure exit 2 for the recovery-code entry; exit 3 when there is no such (active) authenticator
   */
  public static Authenticator choose(List<Authenticator> list, String id, String type, String instead) {
    if (id != null) {
      for (Authenticator a : list) {
        if (a.id().equals(id)) {
          if (a.authenticatorType() == AuthenticatorType.RECOVERY_CODE) {
            throw AuthenticatorIds.notChallenged(instead);
          }
          if (!a.active()) {
            throw Failure.refused("authenticator " + id + " is not active (it was never confirmed). Pick an"
                + " active one from ", "mfa authenticators list", null);
          }
          return a;
        }
      }
      throw AuthenticatorIds.unknown(id, null);
    }
    for (Authenticator a : list) {
      if (a.active() && a.authenticatorType() != AuthenticatorType.RECOVERY_CODE && matches(a, type)) {
        return a;
      }
    }
    throw Failure.refused("this user has no active " + (type == null ? "" : type + " ") + "second factor."
        + " Enroll one first, e.g. ", "mfa associate --phone +15551234567", null);
  }

  private static boolean matches(Authenticator a, String type) {
    if (type == null) {
      return true;
    }
    return type.equals("otp") ? a.authenticatorType() == AuthenticatorType.OTP
        : a.authenticatorType() == AuthenticatorType.OOB;
  }

  /** The tokens of a passed second factor, and the authenticator that passed it. */
  public record Passed(Tokens tokens, Authenticator authenticator) {}

  /**
   * Challenges the chosen authenticator and verifies the answer.
   *
   * @param authenticatorId {@code --authenticator}, or null for the first active one
   */
  public static Passed pass(Session session, MfaToken token, String authenticatorId, String instead, Codes codes,
      Output out) {
    return pass(session, token, session.client().listAuthenticators(token), authenticatorId, instead, codes, out);
  }

  /** As above, with the user's authenticator list already read with {@code token}. */
  public static Passed pass(Session session, MfaToken token, List<Authenticator> list, String authenticatorId,
      String instead, Codes codes, Output out) {
    Authenticator a = choose(list, authenticatorId, null, instead);
    return new Passed(answer(session, token, a, codes, out), a);
  }

  private static Tokens answer(Session session, MfaToken token, Authenticator a, Codes codes, Output out) {
    MfaClient client = session.client();
    Challenge challenge = client.challenge(token, ChallengeRequest.forAuthenticator(a));
    if (challenge.challengeType() == ChallengeType.OTP || a.authenticatorType() == AuthenticatorType.OTP) {
      return codes.enter(null, "the 6-digit code from your authenticator app", false,
          code -> client.verifyOtp(token, code), ErrorReason.WRONG_OTP);
    }
    if (a.oobChannel() == OobChannel.AUTH0) {
      out.info("Sent a push notification to " + (a.name() == null ? "your phone" : a.name())
          + "; approve it in the Guardian app (waiting up to 2 minutes).");
      return client.awaitPushApproval(token, challenge.oobCode(), PUSH_TIMEOUT);
    }
    out.info("Sent a 6-digit code " + where(a.oobChannel(), a.name()) + ".");
    return codes.enter(null, "the 6-digit code", true, code -> client.verifyOob(token, challenge.oobCode(), code),
        ErrorReason.WRONG_BINDING_CODE);
  }

  /** "by SMS to +1******4567" (the recipient as given, already masked). */
  public static String where(OobChannel channel, String maskedRecipient) {
    String to = maskedRecipient == null ? "" : " to " + maskedRecipient;
    return (channel == null ? "out of band" : "by " + words(channel).message()) + to;
  }

  /** What a channel sends: "SMS", "voice call", "e-mail", "push notification". */
  public static String message(OobChannel channel) {
    return words(channel).message();
  }

  /** "SMS", "Voice", "E-mail", "Push", "Authenticator app", "Recovery code". */
  static String kind(AuthenticatorType type, OobChannel channel) {
    if (type == AuthenticatorType.OTP) {
      return "Authenticator app";
    }
    if (type == AuthenticatorType.RECOVERY_CODE) {
      return "Recovery code";
    }
    return channel == null ? "Out-of-band" : words(channel).kind();
  }

  /** A channel's names, in one place: as a kind of authenticator, and as what it sends. */
  private record Words(String kind, String message) {}

  private static Words words(OobChannel channel) {
    return switch (channel) {
      case SMS -> new Words("SMS", "SMS");
      case VOICE -> new Words("Voice", "voice call");
      case EMAIL -> new Words("E-mail", "e-mail");
      case AUTH0 -> new Words("Push", "push notification");
      default -> new Words(channel.wireName(), channel.wireName());
    };
  }
}
