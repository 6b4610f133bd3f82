package dev.vltava.producer.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads provider parameters, which arrive as strings (or, from code, as lists). */
final class Params {

    private Params() {
    }

    /** A comma-separated string or a list, as trimmed non-empty entries; empty when not set. */
    static List<String> list(Map<String, ?> params, String name) {
        Object v = params.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object item : l) {
                add(out, String.valueOf(item));
            }
        } else if (v != null) {
            for (String part : v.toString().split(",")) {
                add(out, part);
            }
        }
        return out;
    }

    /** A trimmed string; null when not set or blank. */
    static String string(Map<String, ?> params, String name) {
        Object v = params.get(name);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        return v.toString().trim();
    }

    private static void add(List<String> out, String s) {
        String t = s.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
