package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Profiles;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.client.Mask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pieces the verbs rely on: masking, secret files, atomic 0600 writes, the profiles format. */
class FilesAndMaskingTest {
  @TempDir Path dir;

  @Test
  void phonesAndAddressesAreMasked() {
    assertEquals("+1******4567", Mask.phone("+15551234567"));
    assertEquals("+4*******7890", Mask.phone("+447911567890"));
    assertEquals("j***@example.com", Mask.email("jane.doe@example.com"));
    assertEquals("+1******0100", Mask.recipient("+15555550100"));
    assertEquals("d***@example.com", Mask.recipient("demo@example.com"));
  }

  @Test
  void secretFilesAreTrimmedOfOneLineBreak() throws IOException {
    Path f = Fixture.secretFile(dir, "s", "  pass word \r\n");
    assertEquals("  pass word ", SecureFiles.readSecret("--password-file", f));
  }

  @Test
  void atomicWriteCreates0600FileAnd0700Parents() throws IOException {
    Path f = dir.resolve("a/b/state.json");

    SecureFiles.writeAtomically(f, "one");
    SecureFiles.writeAtomically(f, "two");

    assertEquals("two", Files.readString(f));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))));
    try (var files = Files.list(f.getParent())) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
  }

  @Test
  void profilesParseSectionsCommentsAndSpaces() throws IOException {
    Path p = dir.resolve("profiles");
    Files.writeString(p, "# comment\n; also a comment\n\n[default]\ndomain=acme.us.auth0.com\n  client_id =  AbC \n"
        + "[work.eu]\nrealm = Corp-DB\n");

    Profiles profiles = Profiles.load(p);

    assertEquals(Map.of("domain", "acme.us.auth0.com", "client_id", "AbC"), profiles.select("default", false));
    assertEquals(Map.of("realm", "Corp-DB"), profiles.select("work.eu", true));
    assertEquals(Map.of(), profiles.select("other", false));
    assertEquals(Map.of(), Profiles.load(dir.resolve("missing")).select("default", false));
  }

  @Test
  void profileErrorsNameFileAndLineAndSpoilOnlyTheirSection() throws IOException {
    Path p = dir.resolve("profiles");
    Files.writeString(p, "domain = x\n[work]\ndomain = w\n");
    Failure outside = assertThrows(Failure.class, () -> Profiles.load(p).select("default", false));
    assertTrue(outside.getMessage().startsWith(p + ":1: 'domain' is outside any profile"), outside.getMessage());
    assertEquals(Map.of("domain", "w"), Profiles.load(p).select("work", true), "the others work");

    Files.writeString(p, "[a]\n[a]\n");
    Failure twice = assertThrows(Failure.class, () -> Profiles.load(p).select("a", true));
    assertTrue(twice.getMessage().startsWith(p + ":2: profile [a] appears twice"), twice.getMessage());

    Files.writeString(p, "[a]\ndomain = x\ndomain = y\n[b]\ndomian = z\n");
    Profiles both = Profiles.load(p);
    assertEquals(2, assertThrows(Failure.class, () -> both.select("a", true)).exitCode());
    assertEquals(List.of(p + ":3: 'domain' is set twice in this profile. Keep one (profile [a] is ignored until this"
        + " is fixed; the others work)."), both.warnings("b").subList(0, 1));
    assertTrue(assertThrows(Failure.class, () -> both.select("b", true)).getMessage()
        .contains(":5: unknown key 'domian'; did you mean 'domain'?"));
  }

  @Test
  void aSecretInAProfileIsRefusedWithWhereToPutIt() throws IOException {
    Path p = dir.resolve("profiles");
    Files.writeString(p, "[default]\nclient_secret = s3cret\n");

    Failure f = assertThrows(Failure.class, () -> Profiles.load(p).select("default", false));

    assertTrue(f.getMessage().startsWith(p + ":2: 'client_secret' is not read from a profile: a secret in a"
        + " configuration file is read by whatever reads your configuration"), f.getMessage());
    assertTrue(f.getMessage().contains("use client_secret_file = PATH"), f.getMessage());
    assertFalse(f.getMessage().contains("s3cret"));
  }

}
