package dev.mfakit.cli.output;

import dev.mfakit.cli.flow.DeleteFlow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} result of {@code mfa authenticators delete}, and each entry of {@code prune}'s.
 *
 * @param deleted the id deleted first, then the entries the tenant removed with it (its twins), when checked
 * @param twinsChecked whether the user's list was read before and after, so that {@code deleted} is complete
 * @param possibleTwins when not checked: the twins the rule predicts (the other entry of a phone), which the tenant
 *     deleted too if the user had them; else empty
 */
public record DeletedJson(List<String> deleted, boolean twinsChecked, List<String> possibleTwins)
    implements JsonResult {
  /** Copies the ids. */
  public DeletedJson {
    deleted = List.copyOf(deleted);
    possibleTwins = List.copyOf(possibleTwins);
  }

  /**
   * What a delete flow reports.
   *
   * @param d what went
   * @return its JSON
   */
  public static DeletedJson of(DeleteFlow.Deleted d) {
    return new DeletedJson(d.all(), d.checked(), d.checked() ? List.of() : d.twins());
  }

  /**
   * The sentence that says what went, twins included on every path: {@code Deleted voice|dev_X (and its twin
   * sms|dev_X).}
   *
   * @param d what went
   * @return the sentence
   */
  public static String sentence(DeleteFlow.Deleted d) {
    String id = d.id();
    List<String> twins = d.twins();
    if (d.checked()) {
      return "Deleted " + id + (twins.isEmpty() ? "" : " (and its " + (twins.size() == 1 ? "twin " : "twins ")
          + String.join(", ", twins) + ")") + ".";
    }
    String unlisted = " (this token may not read the list, read:authenticators, to tell).";
    if (!twins.isEmpty()) {
      return "Deleted " + id + "; the tenant deletes its twin " + String.join(", ", twins) + " with it, if the user"
          + " has it (the same phone)" + unlisted;
    }
    if (id.startsWith("push|")) {
      return "Deleted " + id + "; the tenant deletes its twin, the app codes enrolled with it (a totp entry), with it"
          + unlisted;
    }
    if (id.startsWith("totp|")) {
      return "Deleted " + id + "; if it came with a push authenticator, the tenant deletes that too" + unlisted;
    }
    return "Deleted " + id + ".";
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deleted", deleted);
    m.put("twins_checked", twinsChecked);
    m.put("possible_twins", possibleTwins);
    return m;
  }
}
