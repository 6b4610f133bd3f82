package dev.vltava.producer;

/**
 * The connection to a broker failed: refused, dropped, or the broker sent bytes that could not be decoded (the
 * decoder's error is the cause). Retriable.
 */
public class NetworkException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public NetworkException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public NetworkException(String message, Throwable cause) {
        super(Kind.RETRIABLE, message, cause);
    }
}
