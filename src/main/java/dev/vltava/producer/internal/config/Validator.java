package dev.vltava.producer.internal.config;

import dev.vltava.producer.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * What values a setting allows, checked after the value is parsed to the setting's type; {@link #describe()} is the
 * rule in words, used in error messages ("must be " + describe()) and in docs/configuration.md.
 */
public interface Validator {

    /**
     * Throws a {@link ConfigException} naming the key when {@code parsed} is not allowed.
     *
     * @param raw the value as given, shown in the message
     */
    void check(String key, Object raw, Object parsed);

    /** The rule in words ("at least 0", "one of none, gzip"), or "" when any value of the type is allowed. */
    String describe();

    /** Any value of the setting's type. */
    static Validator any() {
        return new Validator() {
            @Override
            public void check(String key, Object raw, Object parsed) {
            }

            @Override
            public String describe() {
                return "";
            }
        };
    }

    /** A whole number of at least {@code min}. */
    static Validator atLeast(long min) {
        return between(min, Long.MAX_VALUE);
    }

    /** A whole number between {@code min} and {@code max}, inclusive. */
    static Validator between(long min, long max) {
        String rule = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min
                : "between " + min + " and " + max;
        return of(rule, v -> v == null || (((Number) v).longValue() >= min && ((Number) v).longValue() <= max));
    }

    /** A decimal number between {@code min} and {@code max}, inclusive. */
    static Validator between(double min, double max) {
        return of("between " + min + " and " + max,
                v -> v == null || (((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max));
    }

    /** One of the strings, exactly (after trimming). */
    static Validator oneOf(String... values) {
        List<String> allowed = List.of(values);
        return of("one of " + String.join(", ", allowed), v -> v == null || allowed.contains(v.toString()));
    }

    /** One of the strings, in any case. */
    static Validator oneOfIgnoringCase(String... values) {
        List<String> allowed = List.of(values);
        return of("one of " + String.join(", ", allowed) + " (in any case)", v -> v == null
                || allowed.stream().anyMatch(a -> a.equalsIgnoreCase(v.toString().toUpperCase(Locale.ROOT))));
    }

    /** A rule given as a test and its description. */
    static Validator of(String rule, java.util.function.Predicate<Object> test) {
        return new Validator() {
            @Override
            public void check(String key, Object raw, Object parsed) {
                if (!test.test(parsed)) {
                    throw ConfigException.invalidValue(key, raw, "must be " + rule);
                }
            }

            @Override
            public String describe() {
                return rule;
            }
        };
    }
}
