package dev.vltava.producer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads raw configuration values the way Kafka accepts them: typed objects or strings (trimmed), numbers as any
 * integral {@link Number} or a decimal string, lists as a {@link List} or a comma-separated string, classes as a
 * {@link Class} or a class name. A key mapped to {@code null} counts as not set. Every bad value becomes a
 * {@link ConfigException} naming the key, the value and the rule.
 */
final class ConfigValues {

    private final Map<String, Object> raw;

    ConfigValues(Map<String, ?> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    Map<String, Object> raw() {
        return raw;
    }

    /** True if the caller gave a non-null value for this key. */
    boolean isSet(String key) {
        return raw.get(key) != null;
    }

    int intValue(String key, int defaultValue, long min, long max) {
        long v = integral(key, defaultValue, "a 32-bit integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ConfigException.invalidValue(key, raw.get(key), "must be a 32-bit integer");
        }
        return (int) checkRange(key, v, min, max);
    }

    long longValue(String key, long defaultValue, long min, long max) {
        return checkRange(key, integral(key, defaultValue, "a 64-bit integer"), min, max);
    }

    boolean boolValue(String key, boolean defaultValue) {
        Object v = raw.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw ConfigException.invalidValue(key, v, "must be true or false");
    }

    /** A number (any {@link Number} or a decimal string) between min and max; the default when not set. */
    double doubleValue(String key, double defaultValue, double min, double max) {
        Object v = raw.get(key);
        double d;
        if (v == null) {
            d = defaultValue;
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw ConfigException.invalidValue(key, v, "must be a number");
            }
        } else {
            throw ConfigException.invalidValue(key, v, "must be a number but was a " + v.getClass().getName());
        }
        if (!(d >= min && d <= max)) {
            throw ConfigException.invalidValue(key, v, "must be between " + min + " and " + max);
        }
        return d;
    }

    /**
     * A secret: a {@link Password} or a string (trimmed, as Kafka trims); null when not set. A value of another type
     * is rejected naming its type only, never the value.
     */
    Password passwordValue(String key) {
        Object v = raw.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Password p) {
            return p;
        }
        if (v instanceof String s) {
            return new Password(s.trim());
        }
        throw ConfigException.invalidValue(key, Password.HIDDEN, "must be a string or a Password but was a "
                + v.getClass().getName());
    }

    /** A trimmed string, or the default when not set. */
    String stringValue(String key, String defaultValue) {
        Object v = raw.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s.trim();
        }
        throw ConfigException.invalidValue(key, v, "must be a string but was a " + v.getClass().getName());
    }

    /** A list of trimmed, non-empty strings; the default when not set. */
    List<String> listValue(String key, List<String> defaultValue) {
        Object v = raw.get(key);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                addTrimmed(out, part);
            }
        } else if (v instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw ConfigException.invalidValue(key, v, "list entries must be strings");
                }
                addTrimmed(out, s);
            }
        } else {
            throw ConfigException.invalidValue(key, v, "must be a List or a comma-separated string");
        }
        return List.copyOf(out);
    }

    /** A class reference as given: a {@link Class} or a non-empty class name; {@code null} when not set. */
    Object classValue(String key) {
        Object v = raw.get(key);
        if (v == null) {
            return null;
        }
        return checkClassRef(key, v, v);
    }

    /** A list of class references (each a {@link Class} or a class name); empty when not set. */
    List<Object> classListValue(String key) {
        Object v = raw.get(key);
        if (v == null) {
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        if (v instanceof Class<?>) {
            out.add(v);
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                addTrimmed(out, part);
            }
        } else if (v instanceof List<?> list) {
            for (Object item : list) {
                Object ref = checkClassRef(key, v, item instanceof String s ? s.trim() : item);
                if (!(ref instanceof String s && s.isEmpty())) {
                    out.add(ref);
                }
            }
        } else {
            throw ConfigException.invalidValue(key, v, "must be a List of classes or class names, "
                    + "or a comma-separated string of class names");
        }
        return List.copyOf(out);
    }

    private static Object checkClassRef(String key, Object whole, Object item) {
        if (item instanceof Class<?>) {
            return item;
        }
        if (item instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        throw ConfigException.invalidValue(key, whole, "must be a Class or a class name");
    }

    private static void addTrimmed(List<? super String> out, String s) {
        String t = s.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    private long integral(String key, long defaultValue, String expected) {
        Object v = raw.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw ConfigException.invalidValue(key, v, "must be " + expected);
            }
        }
        throw ConfigException.invalidValue(key, v, "must be " + expected + " but was a " + v.getClass().getName());
    }

    private long checkRange(String key, long v, long min, long max) {
        if (v < min || v > max) {
            String rule = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "must be at least " + min
                    : "must be between " + min + " and " + max;
            throw ConfigException.invalidValue(key, raw.get(key), rule);
        }
        return v;
    }
}
