package dev.vltava.producer;

import java.util.Objects;

/**
 * A secret configuration value (a password, a private key, a JAAS line with credentials). Its {@link #toString()}
 * never shows the value, so it can sit in the effective configuration, in logs and in exception messages safely.
 * Configuration keys that hold secrets accept either a {@code Password} or a plain string.
 */
public final class Password {

    /** What {@link #toString()} prints instead of the value. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    /**
     * Wraps a secret.
     *
     * @param value the secret, not {@code null}
     */
    public Password(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** {@return the secret itself; never log it} */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Password p && p.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
