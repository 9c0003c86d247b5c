package org.cnnbench.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Typed, checked access to the fields of one JSON object; every error names where it is. */
final class JsonFields {

  private final JsonNode node;
  private final String where;

  JsonFields(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new ModelFileException(
          where
              + ": expected a JSON object, got "
              + (node == null
                  ? "nothing"
                  : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    this.node = node;
    this.where = where;
  }

  String where() {
    return where;
  }

  JsonNode node() {
    return node;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  JsonNode get(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw error("missing field '" + field + "'");
    }
    return v;
  }

  JsonFields object(String field) {
    return new JsonFields(get(field), where + "." + field);
  }

  String text(String field) {
    JsonNode v = get(field);
    if (!v.isTextual()) {
      throw error("field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  String text(String field, String otherwise) {
    return has(field) ? text(field) : otherwise;
  }

  int integer(String field) {
    JsonNode v = get(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw error("field '" + field + "' must be an integer, got " + v);
    }
    return v.asInt();
  }

  int integer(String field, int otherwise) {
    return has(field) ? integer(field) : otherwise;
  }

  long longInteger(String field, long otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = get(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error("field '" + field + "' must be an integer, got " + v);
    }
    return v.asLong();
  }

  double number(String field) {
    JsonNode v = get(field);
    if (!v.isNumber()) {
      throw error("field '" + field + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  double number(String field, double otherwise) {
    return has(field) ? number(field) : otherwise;
  }

  boolean bool(String field, boolean otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = get(field);
    if (!v.isBoolean()) {
      throw error("field '" + field + "' must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  /** An int or a list of ints (Keras writes tuples as lists). */
  List<Integer> ints(String field) {
    JsonNode v = get(field);
    List<Integer> out = new ArrayList<>();
    if (v.isIntegralNumber()) {
      out.add(v.asInt());
      return out;
    }
    if (!v.isArray()) {
      throw error("field '" + field + "' must be an integer or a list of integers, got " + v);
    }
    for (JsonNode e : v) {
      if (!e.isIntegralNumber()) {
        throw error("field '" + field + "' must hold integers, got " + v);
      }
      out.add(e.asInt());
    }
    return out;
  }

  /** Fails on any field not in {@code known}, listing the known ones. */
  void requireOnly(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw error(
            "unknown field '" + n + "'; known fields: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  ModelFileException error(String message) {
    return new ModelFileException(where + ": " + message);
  }
}
