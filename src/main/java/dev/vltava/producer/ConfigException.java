package dev.vltava.producer;

import java.util.List;

/** The producer configuration is invalid. {@link #keys()} names the offending configuration keys. */
public class ConfigException extends VltavaException {

    /** The offending configuration keys. */
    private final List<String> keys;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public ConfigException(String message) {
        this(List.of(), message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigException(String message, Throwable cause) {
        this(List.of(), message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param keys the configuration keys whose values are wrong or conflict (may be empty)
     * @param message what went wrong, naming the cause
     */
    public ConfigException(List<String> keys, String message) {
        this(keys, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param keys the configuration keys whose values are wrong or conflict (may be empty)
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigException(List<String> keys, String message, Throwable cause) {
        super(Kind.CONFIG, message, cause);
        this.keys = List.copyOf(keys);
    }

    /**
     * A value that breaks a rule: "Invalid value 'x' for configuration 'key': rule".
     *
     * @param key the configuration key
     * @param value the value given for it
     * @param rule the rule it breaks, in words
     * @return the exception, naming {@code key}
     */
    public static ConfigException invalidValue(String key, Object value, String rule) {
        return new ConfigException(List.of(key),
                "Invalid value '" + value + "' for configuration '" + key + "': " + rule);
    }

    /** {@return the configuration keys whose values are wrong or conflict; empty if the failure is not tied to a key} */
    public List<String> keys() {
        return keys;
    }
}
