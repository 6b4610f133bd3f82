package dev.vltava.producer;

import java.util.List;

/** The producer configuration is invalid. {@link #keys()} names the offending configuration keys. */
public class ConfigException extends VltavaException {

    private final List<String> keys;

    public ConfigException(String message) {
        this(List.of(), message, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(List.of(), message, cause);
    }

    public ConfigException(List<String> keys, String message) {
        this(keys, message, null);
    }

    public ConfigException(List<String> keys, String message, Throwable cause) {
        super(Kind.CONFIG, message, cause);
        this.keys = List.copyOf(keys);
    }

    /** A value that breaks a rule: "Invalid value 'x' for configuration 'key': rule". */
    public static ConfigException invalidValue(String key, Object value, String rule) {
        return new ConfigException(List.of(key),
                "Invalid value '" + value + "' for configuration '" + key + "': " + rule);
    }

    /** The configuration keys whose values are wrong or conflict; empty if the failure is not tied to a key. */
    public List<String> keys() {
        return keys;
    }
}
