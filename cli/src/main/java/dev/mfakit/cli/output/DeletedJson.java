package dev.mfakit.cli.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} result of {@code mfa authenticators delete}.
 *
 * @param deleted the id deleted first, then the entries the tenant removed with it (its twins), when known
 */
public record DeletedJson(List<String> deleted) implements JsonResult {
  /** Copies the ids. */
  public DeletedJson {
    deleted = List.copyOf(deleted);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deleted", deleted);
    return m;
  }
}
