package dev.vltava.producer;

/**
 * The connection to a broker failed: refused, dropped, or the broker sent bytes that could not be decoded (the
 * decoder's error is the cause). Retriable.
 */
public class NetworkException extends VltavaException {

    public NetworkException(String message) {
        this(message, null);
    }

    public NetworkException(String message, Throwable cause) {
        super(Kind.RETRIABLE, message, cause);
    }
}
