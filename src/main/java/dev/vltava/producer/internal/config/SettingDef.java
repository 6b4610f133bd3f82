package dev.vltava.producer.internal.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One producer setting, defined once: its key, type, default, validator, importance, documentation, the Kafka
 * version that introduced it, and what Vltava does with it. {@link Settings} holds them all; parsing, defaults,
 * validation, the unsupported-key checks and docs/configuration.md are driven from it.
 *
 * @param name         the key, as the official producer spells it
 * @param type         how a value is read (Kafka's type names)
 * @param defaultValue the default in the parsed form ({@link #NO_DEFAULT} when the setting is required); class
 *                     defaults are class names
 * @param validator    what values are allowed once parsed
 * @param importance   how much most users need to know about it (Kafka's three levels)
 * @param doc          what it does, in Vltava's words (one or two sentences, Markdown-safe)
 * @param since        the Apache Kafka producer version that introduced the key
 * @param support      what Vltava does with a value
 * @param note         for anything but {@link Support#IMPLEMENTED}: why it has no effect, or what to use instead
 * @param supported    for {@link Support#PARTIAL} and {@link Support#NOT_SUPPORTED}: the parsed values Vltava
 *                     accepts (others are rejected with {@link #note})
 */
public record SettingDef(String name, ConfigType type, Object defaultValue, Validator validator, Importance importance,
                         String doc, String since, Support support, String note, Predicate<Object> supported) {

    /** The default of a required setting. */
    public static final Object NO_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    /** Kafka's value types, by its names. */
    public enum ConfigType { BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD }

    /** Kafka's importance levels. */
    public enum Importance { HIGH, MEDIUM, LOW }

    /** What Vltava does with a setting. */
    public enum Support {
        /** Parsed, validated and in effect. */
        IMPLEMENTED,
        /** Parsed and validated like Kafka, but without effect in a producer, harmlessly (the note says why). */
        NO_EFFECT,
        /** Some values work; the others are rejected with a ConfigException that says what to use instead. */
        PARTIAL,
        /** Only the default is accepted; any other value is rejected, saying what to use instead. */
        NOT_SUPPORTED
    }

    public SettingDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(support, "support");
        if (support != Support.IMPLEMENTED && (note == null || note.isBlank())) {
            throw new IllegalArgumentException(name + ": a setting that is not implemented needs a note");
        }
        if (supported == null) {
            supported = v -> Objects.equals(v, defaultValue);
        }
    }

    /** True when the setting has no default and must be given. */
    public boolean required() {
        return defaultValue == NO_DEFAULT;
    }

    /** True for settings whose value is parsed into {@code ProducerConfig.values()}. */
    public boolean parsed() {
        return support != Support.NOT_SUPPORTED;
    }
}
