package dev.mfakit.cli.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} result of {@code mfa authenticators prune}.
 *
 * @param inactive the entries chosen for removal (never confirmed), in list order
 * @param deleted every id that went, twins included; empty with {@code --dry-run}
 * @param dryRun whether this was {@code --dry-run} (nothing removed)
 */
public record PrunedJson(List<String> inactive, List<String> deleted, boolean dryRun) implements JsonResult {
  /** Copies the ids. */
  public PrunedJson {
    inactive = List.copyOf(inactive);
    deleted = List.copyOf(deleted);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inactive", inactive);
    m.put("deleted", deleted);
    m.put("dry_run", dryRun);
    return m;
  }
}
