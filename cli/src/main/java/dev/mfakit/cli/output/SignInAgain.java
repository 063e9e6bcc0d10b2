package dev.mfakit.cli.output;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.io.StateFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What to run for a new mfa_token when this run's one expired (they last 10 minutes): the next step depends on the
 * verb, the state file (its path, and what it was holding) and the user, which the verb fills in as it learns them.
 * The tenant's "expired" is answered with it ({@link Errors}), and so is a state file whose mfa_token_expires_at
 * is already past, before anything is sent.
 */
public final class SignInAgain {
  /** A verb that can say how to get a new mfa_token: {@link Errors} asks it when the tenant says "expired". */
  public interface Known {
    SignInAgain signInAgain();
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final String verb;
  private Path statePath;
  private StateFile.Flow flow;
  private String factor;
  private String username;
  /** The tenant of a state file that holds an access token (an added factor's enrollment), else null. */
  private String accessTokenOf;

  /** @param verb e.g. {@code mfa verify} */
  public SignInAgain(String verb) {
    this.verb = verb;
  }

  /**
   * The verb.
   *
   * @return e.g. {@code mfa verify}
   */
  public String verb() {
    return verb;
  }

  /**
   * Whether the verb changes nothing on the tenant that outlives it (listing, signing in: at most a code spent), so
   * that a request of it whose outcome is unknown is simply run again, not checked first.
   *
   * @return whether it is such a verb
   */
  public boolean changesNothing() {
    return verb.equals("mfa authenticators list") || verb.equals("mfa login");
  }

  /** The state file this run reads or writes, and what it held when read (null when it is only written). */
  public SignInAgain state(Path path, StateFile state) {
    this.statePath = path;
    if (state != null) {
      this.flow = state.flow();
      this.accessTokenOf = state.accessToken() == null ? null : state.domain();
      if (factor == null) {
        this.factor = state.factor().option();
      }
    }
    return this;
  }

  /** The factor of an enrollment, whose option ({@code --phone E164}) starts it again. */
  public SignInAgain factor(FactorKind kind) {
    this.factor = kind.option();
    return this;
  }

  /** The user, when known (--username, else the profile), so the command names them. */
  public SignInAgain user(String username) {
    this.username = username;
    return this;
  }

  /**
   * Fails before sending anything when {@code state}'s mfa_token is already past its expiry by {@code clock}: the
   * request could only be refused.
   *
   * @throws Failure exit 3, with the next step
   */
  public void checkNotExpired(StateFile state, Path file, Clock clock) {
    state(file, state);
    Instant expiresAt = state.bearer().expiresAt();
    if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
      throw failure("the " + (state.accessToken() != null ? "access token" : "mfa_token") + " in " + file
          + " expired at " + TIME.format(expiresAt) + " (they last 10 minutes); ", null);
    }
  }

  /**
   * Exit 3 for a pending code the tenant calls expired or unknown: the command that gets a new one, for a step kept in
   * a state file (a new challenge with its mfa_token, or the enrollment started again).
   *
   * @param what what happened, e.g. "the code expired (codes last 5 minutes)"
   */
  Failure newCode(String what, Throwable cause) {
    if (statePath != null && flow == StateFile.Flow.CHALLENGE) {
      return Failure.refused(what + ". Send a new one with: ", "mfa challenge --state " + Shell.quote(statePath),
          cause);
    }
    if (statePath != null && flow == StateFile.Flow.ASSOCIATE) {
      return Failure.refused(what + ". Start the enrollment again with: ", "mfa associate "
          + (factor == null ? "--phone E164" : factor) + " --no-input --state " + Shell.quote(statePath), cause);
    }
    return Failure.refused(what + ". Start again to get a new one", cause);
  }

  /** Exit 3 for the tenant's "mfa_token is expired". */
  Failure expired(Throwable cause) {
    return failure((accessTokenOf != null ? "the access token" : "mfa_token") + " expired (they last 10 minutes); ",
        cause);
  }

  private Failure failure(String what, Throwable cause) {
    String u = username == null ? "" : " -u " + Shell.quote(username);
    String state = statePath == null ? "FILE" : Shell.quote(statePath);
    if (accessTokenOf != null) {
      // Only the access token an enrollment was made with confirms it: a new token means a new enrollment.
      String f = factor == null ? "--phone E164" : factor;
      return Failure.refused(what + "only it confirms this enrollment. Get a new one and start over: ",
          "mfa login -u " + (username == null ? "NAME" : Shell.quote(username)) + " --audience "
          + Shell.quote(accessTokenOf + "/mfa/") + " --scope enroll --token-file FILE, then mfa associate"
          + " --access-token-file FILE " + f + " --no-input --state " + state, cause);
    }
    if (verb.equals("mfa login")) {
      return Failure.refused(what + "sign in again: rerun ", "mfa login" + u, cause);
    }
    if (verb.equals("mfa associate") || flow == StateFile.Flow.ASSOCIATE) {
      // A pending enrollment cannot be finished with a new mfa_token: start it again.
      String f = factor == null ? "--phone E164" : factor;
      if (statePath == null) {
        return Failure.refused(what + "sign in again: ", "mfa associate -u " + (username == null ? "NAME"
            : Shell.quote(username)) + " " + f, cause);
      }
      return Failure.refused(what + "sign in again and start over: ", username != null
          ? "mfa associate" + u + " " + f + " --no-input --state " + state
          : "mfa login --state " + state + ", then mfa associate " + f + " --no-input --state " + state,
          cause);
    }
    String next = verb.equals("mfa verify") || verb.equals("mfa challenge") ? "mfa challenge --state " + state
        : verb + " --state " + state;
    return Failure.refused(what + "sign in again: ", "mfa login" + u + " --state " + state + ", then " + next, cause);
  }
}
