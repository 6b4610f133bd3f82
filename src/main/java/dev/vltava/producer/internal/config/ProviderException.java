package dev.vltava.producer.internal.config;

/** A provider could not look a reference up (unreadable file, path not allowed, ...). Never holds a value. */
public class ProviderException extends RuntimeException {

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
