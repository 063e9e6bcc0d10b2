/**
 * Runnable examples of {@code mfa-client}, one class per scenario. Each has a {@code main} that reads its settings
 * from the environment and a {@code run(...)} that does the work; {@code ExamplesTest} executes every {@code run}
 * against the sandbox tenant in the build, so none of them can silently rot.
 *
 * <ul>
 *   <li>{@link dev.mfakit.examples.EnrollPhone}: enroll a phone for SMS codes (the SDK in ten lines).
 *   <li>{@link dev.mfakit.examples.SignInWithFactor}: sign in a user who has a factor, or a recovery code.
 *   <li>{@link dev.mfakit.examples.EnrollAuthenticatorApp}: enroll a TOTP app.
 *   <li>{@link dev.mfakit.examples.ManageAuthenticators}: list and remove authenticators.
 *   <li>{@link dev.mfakit.examples.BulkOnboarding}: enroll a CSV of users with one shared client.
 *   <li>{@link dev.mfakit.examples.HandleErrors}: what to tell the user for every failure.
 * </ul>
 */
package dev.mfakit.examples;
