package dev.mfakit.client;

/**
 * The outcome of {@link MfaClient#signIn(PasswordSignIn)}: either {@link Tokens} (no second factor needed) or
 * {@link MfaRequired} (a normal result, not an error). Switch on it:
 *
 * <pre>{@code
 * switch (mfa.signIn(request)) {
 *   case Tokens t -> use(t.accessToken());
 *   case MfaRequired r -> enroll(r.mfaToken(), r.requirements());
 * }
 * }</pre>
 * (pattern matching for switch needs Java 21; on 17 use {@code instanceof}).
 */
public sealed interface SignInResult permits Tokens, MfaRequired {}
