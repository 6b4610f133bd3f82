package dev.vltava.producer.internal.config;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.Password;
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
public final class ConfigValues {

    private final Map<String, Object> raw;

    public ConfigValues(Map<String, ?> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    public Map<String, Object> raw() {
        return raw;
    }

    /**
     * The value of a setting, parsed by its type ({@link SettingDef#type()}), its default when not set, checked by its
     * validator: an Integer, Short, Long, Double, Boolean, String, {@code List<String>}, a class reference (a
     * {@link Class} or a name) or a {@link Password}; null when not set and without default.
     */
    public Object value(SettingDef def) {
        String key = def.name();
        Object fallback = def.required() ? null : def.defaultValue();
        Object parsed = switch (def.type()) {
            case BOOLEAN -> isSet(key) ? (Object) boolValue(key) : fallback;
            case STRING -> stringValue(key, (String) fallback);
            case INT -> isSet(key) ? (Object) intValue(key, Integer.MIN_VALUE, Integer.MAX_VALUE) : fallback;
            case SHORT -> isSet(key) ? (Object) (short) intValue(key, Short.MIN_VALUE, Short.MAX_VALUE) : fallback;
            case LONG -> isSet(key) ? (Object) integral(key, "a 64-bit integer") : fallback;
            case DOUBLE -> isSet(key) ? (Object) doubleValue(key) : fallback;
            case LIST -> listValue(key, fallback == null ? List.of() : castList(fallback));
            case CLASS -> isSet(key) ? classValue(key) : fallback;
            case PASSWORD -> passwordValue(key);
        };
        def.validator().check(key, isSet(key) ? raw.get(key) : parsed, parsed);
        return parsed;
    }

    /** {@link #value} of an {@code INT} setting. */
    public int intValue(SettingDef def) {
        return (Integer) value(def);
    }

    /** {@link #value} of a {@code LONG} setting. */
    public long longValue(SettingDef def) {
        return (Long) value(def);
    }

    /** {@link #value} of a {@code BOOLEAN} setting. */
    public boolean boolValue(SettingDef def) {
        return (Boolean) value(def);
    }

    /** {@link #value} of a {@code LIST} setting. */
    @SuppressWarnings("unchecked")
    public List<String> listValue(SettingDef def) {
        return (List<String>) value(def);
    }

    /** {@link #value} of a {@code STRING} setting. */
    public String stringValue(SettingDef def) {
        return (String) value(def);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /** True if the caller gave a non-null value for this key. */
    public boolean isSet(String key) {
        return raw.get(key) != null;
    }

    /** A set integral value within [min, max] (the type's range; the table's validator checks the setting's). */
    private int intValue(String key, long min, long max) {
        long v = integral(key, "a 32-bit integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ConfigException.invalidValue(key, raw.get(key), "must be a 32-bit integer");
        }
        return (int) checkRange(key, v, min, max);
    }

    /** A set boolean: a {@link Boolean} or "true"/"false" in any case. */
    private boolean boolValue(String key) {
        Object v = raw.get(key);
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

    /** A set number (any {@link Number} or a decimal string), never NaN. */
    private double doubleValue(String key) {
        Object v = raw.get(key);
        double d;
        if (v instanceof Number n) {
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
        if (Double.isNaN(d)) {
            throw ConfigException.invalidValue(key, v, "must be between -Infinity and Infinity");
        }
        return d;
    }

    /**
     * A secret: a {@link Password} or a string (trimmed, as Kafka trims); null when not set. A value of another type
     * is rejected naming its type only, never the value.
     */
    public Password passwordValue(String key) {
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
    public String stringValue(String key, String defaultValue) {
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
    public List<String> listValue(String key, List<String> defaultValue) {
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
    public Object classValue(String key) {
        Object v = raw.get(key);
        if (v == null) {
            return null;
        }
        return checkClassRef(key, v, v);
    }

    /** A list of class references (each a {@link Class} or a class name); empty when not set. */
    public List<Object> classListValue(String key) {
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

    private long integral(String key, String expected) {
        Object v = raw.get(key);
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
