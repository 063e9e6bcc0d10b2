/**
 * The journeys, the same for every verb that runs them and for a program (a batch row): {@link
 * dev.mfakit.cli.flow.EnrollFlow}, {@link dev.mfakit.cli.flow.SignInFlow}, {@link
 * dev.mfakit.cli.flow.SecondFactorFlow}, {@link dev.mfakit.cli.flow.ResumeFlow}, {@link
 * dev.mfakit.cli.flow.DeleteFlow} (delete and prune), and {@link dev.mfakit.cli.flow.MfaApiAccess}, which signs in for
 * the MFA API and passes the second factor for the access token that adding, deleting and pruning need. A factor is
 * a {@link dev.mfakit.cli.flow.Factor} strategy; codes come from a {@link dev.mfakit.cli.flow.CodeSource} (which may
 * ask for a new one: {@link dev.mfakit.cli.flow.SendAgain}); a wrong password is typed again through a {@link
 * dev.mfakit.cli.flow.PasswordRetry}; progress, what to scan ({@link dev.mfakit.cli.flow.Scan}) and waits go to a
 * {@link dev.mfakit.cli.flow.Progress}. Flows print and read nothing themselves and return records.
 */
package dev.mfakit.cli.flow;
