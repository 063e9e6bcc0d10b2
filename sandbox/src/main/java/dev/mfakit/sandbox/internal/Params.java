package dev.mfakit.sandbox.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The parameters of a request body (form fields or the members of a JSON object), read strictly. */
final class Params {
  static final Params EMPTY = new Params(Map.of());

  private final Map<String, Object> values;

  Params(Map<String, Object> values) {
    this.values = values;
  }

  /** Whether the parameter is there; JSON {@code null} counts as absent (auth0-python sends {@code "scope": null}). */
  boolean has(String name) {
    return values.get(name) != null;
  }

  /** A string parameter, or null when absent, JSON null or empty. Any other JSON type is a 400. */
  String string(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw Refusal.invalidRequest("Invalid parameter: " + name + " must be a string");
    }
    return s.isEmpty() ? null : s;
  }

  String require(String name) {
    String v = string(name);
    if (v == null) {
      throw Refusal.missing(name);
    }
    return v;
  }

  /** A JSON array of strings, or null when absent or JSON null. */
  List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw Refusal.invalidRequest("Invalid parameter: " + name + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw Refusal.invalidRequest("Invalid parameter: " + name + " must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }

  Object raw(String name) {
    return values.get(name);
  }
}
