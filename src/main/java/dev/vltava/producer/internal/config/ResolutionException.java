package dev.vltava.producer.internal.config;

/**
 * A configuration value could not be resolved: an unknown provider, a missing file, key or variable, a provider that
 * cannot be created. Names the configuration key and the reference, never a resolved value.
 */
public final class ResolutionException extends RuntimeException {

    private final String key;

    public ResolutionException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The configuration key whose value (or provider setting) failed. */
    public String key() {
        return key;
    }
}
