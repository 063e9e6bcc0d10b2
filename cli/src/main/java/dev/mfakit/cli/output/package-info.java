/**
 * What a run says: results on stdout ({@link dev.mfakit.cli.output.Output}), one record per verb's {@code --json}
 * result ({@code SignInJson}, {@code ChallengeJson}...) and the presenter of login/associate/verify results, the QR
 * code an app or push enrollment shows ({@link dev.mfakit.cli.output.Barcode}, {@code ScanPresenter}), the live
 * line of a wait, and every failure as one line with its exit code ({@link dev.mfakit.cli.output.Errors}).
 */
package dev.mfakit.cli.output;
