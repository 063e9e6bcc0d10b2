package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-row --json result and the two secret files a batch writes. */
class BatchOutputTest {
  @TempDir
  Path dir;

  @Test
  void aResultHasEveryKeyAlwaysInOrder() {
    RowResult confirmed = new RowResult(4, "jane@example.com", BatchFactor.PHONE, RowStatus.CONFIRMED,
        "sms|dev_abc", null, "RC9Q4X7Z2M9K5W3H8J6TABCD", null, false);
    RowResult unknown = new RowResult(5, "joe@example.com", BatchFactor.AUTHENTICATOR_APP,
        RowStatus.OUTCOME_UNKNOWN, null, "may have been sent; rerun with --resend-unknown", null,
        Instant.parse("2026-03-01T12:00:00.250Z"), false);

    assertEquals("{\"line\":4,\"username\":\"jane@example.com\",\"factor\":\"phone\",\"status\":\"confirmed\","
        + "\"authenticator_id\":\"sms|dev_abc\",\"reason\":null,\"recovery_code\":\"RC9Q4X7Z2M9K5W3H8J6TABCD\","
        + "\"sent_at\":null}", confirmed.toJsonLine());
    assertEquals("{\"line\":5,\"username\":\"joe@example.com\",\"factor\":\"authenticator_app\",\"status\":"
        + "\"outcome_unknown\",\"authenticator_id\":null,\"reason\":\"may have been sent; rerun with"
        + " --resend-unknown\",\"recovery_code\":null,\"sent_at\":\"2026-03-01T12:00:00.250Z\"}", unknown.toJsonLine());
    assertEquals(RowResult.KEYS, List.copyOf(confirmed.toJson().keySet()));
    assertEquals(List.of("confirmed", "sent", "skipped", "outcome_unknown", "failed"),
        java.util.Arrays.stream(RowStatus.values()).map(RowStatus::wireName).toList());
    assertFalse(confirmed.toString().contains("RC9Q4X7Z"), confirmed::toString);
  }

  @Test
  void recoveryCodesAndSecretsGoToPrivateFilesThatGrow() throws IOException {
    Path codes = dir.resolve("out/codes.jsonl");
    try (RecoveryCodesFile file = RecoveryCodesFile.open(codes)) {
      file.add("jane@example.com", "RC9Q4X7Z2M9K5W3H8J6TABCD");
    }
    try (RecoveryCodesFile file = RecoveryCodesFile.open(codes)) {
      file.add("joe@example.com", "RC2222222222222222222222");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codes)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codes.getParent())));
    assertEquals(List.of("{\"username\":\"jane@example.com\",\"recovery_code\":\"RC9Q4X7Z2M9K5W3H8J6TABCD\"}",
        "{\"username\":\"joe@example.com\",\"recovery_code\":\"RC2222222222222222222222\"}"), Files.readAllLines(codes));

    Path secrets = dir.resolve("secrets.jsonl");
    try (SecretsFile file = SecretsFile.open(secrets)) {
      file.add("joe@example.com", "JBSWY3DPEHPK3PXP");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    assertEquals(List.of("{\"username\":\"joe@example.com\",\"secret\":\"JBSWY3DPEHPK3PXP\"}"),
        Files.readAllLines(secrets));
  }

  @Test
  void aSecretFileOthersMayReadIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path open = dir.resolve("codes.jsonl");
    Files.writeString(open, "");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

    BadInput e = assertThrows(BadInput.class, () -> RecoveryCodesFile.open(open));
    assertEquals("--recovery-codes-file: " + open + " is readable by group or others; run: chmod 600 " + open,
        e.getMessage());
    BadInput s = assertThrows(BadInput.class, () -> SecretsFile.open(open));
    assertEquals("--secrets-file: " + open + " is readable by group or others; run: chmod 600 " + open,
        s.getMessage());
    assertEquals("", Files.readString(open));

    BadInput dirInTheWay = assertThrows(BadInput.class, () -> SecretsFile.open(dir));
    assertEquals("--secrets-file: " + dir + " is a directory; name a file in it", dirInTheWay.getMessage());
  }
}
