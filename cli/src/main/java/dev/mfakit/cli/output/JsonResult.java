package dev.mfakit.cli.output;

import java.util.Map;

/** A verb's {@code --json} result: a record whose keys are fixed and documented, every one always present. */
public interface JsonResult {
  /**
   * The object to print: every key in its documented order, null when unknown.
   *
   * @return the keys and values (strings, numbers, booleans, lists and nested maps)
   */
  Map<String, Object> toJson();
}
