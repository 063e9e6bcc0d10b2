package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.client.Totp;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mfa otp}: the code an authenticator app shows now, computed from its stored secret. */
@Command(name = "otp",
    customSynopsis = "mfa otp --secret-file FILE",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Print the code an authenticator app would show now for a stored secret (RFC 6238 TOTP: SHA-1, 6 digits, 30 s;"
            + " as oathtool --totp -b does), so a script can finish an authenticator-app enrollment or sign in without"
            + " a phone: for test and service accounts. Nothing is sent anywhere."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa otp --secret-file totp.txt",
        "  mfa verify --state s.json --otp $(mfa otp --secret-file totp.txt)",
        "  mfa login -u svc@acme.com --password-file pw --otp $(mfa otp --secret-file totp.txt) --json"})
public final class OtpCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(names = "--secret-file", paramLabel = "FILE", required = true, order = 1,
      description = "The secret (mode 600): base32 on one line, as mfa associate --authenticator-app --secret-file"
          + " wrote it, or an otpauth://totp/ URI.")
  Path secretFile;

  public OtpCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String secret = SecureFiles.readSecret("--secret-file", secretFile).strip();
    Totp totp;
    try {
      totp = secret.toLowerCase(Locale.ROOT).startsWith("otpauth:") ? Totp.fromOtpauthUri(secret)
          : Totp.fromBase32(secret);
    } catch (IllegalArgumentException e) {
      // The client's reason never quotes the secret.
      throw Failure.usage("--secret-file: " + secretFile + " holds no TOTP secret: " + e.getMessage() + ". Give"
          + " the file mfa associate --authenticator-app --secret-file wrote");
    }
    ctx.out().println(totp.codeAt(ctx.clock().instant()));
    ctx.out().flush();
    return ExitCode.OK;
  }
}
