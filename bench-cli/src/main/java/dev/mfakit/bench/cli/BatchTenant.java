package dev.mfakit.bench.cli;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;

/**
 * The tenant of the batch benchmark, in a JVM of its own (so that its heap and CPU are not the batch's): a sandbox
 * limited as a whole to R requests a second, as {@code mfa sandbox --rate-limit R} limits it (bucket R, the
 * per-client limit off), with {@code users} users named {@code u0@bench.example.com}... Prints its URL, then serves
 * until its stdin is closed.
 */
public final class BatchTenant {
  static final String PASSWORD = "batch-bench-password";

  private BatchTenant() {}

  static String user(int i) {
    return "u" + i + "@bench.example.com";
  }

  static String phone(int i) {
    return String.format("+1555%07d", i);
  }

  /**
   * Runs the tenant.
   *
   * @param args R (requests a second for the whole tenant), then the number of users
   */
  public static void main(String[] args) throws IOException {
    int rate = Integer.parseInt(args[0]);
    int users = Integer.parseInt(args[1]);
    try (SandboxTenant tenant = SandboxTenant.builder().rateLimit(0, 0).tenantRateLimit(rate, rate).start()) {
      for (int i = 0; i < users; i++) {
        tenant.addUser(user(i), PASSWORD);
      }
      System.out.println(tenant.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the harness closes our stdin
      }
    }
  }
}
