package dev.vltava.producer;

/**
 * The client could not prove who it is to a broker, or could not trust the broker: a TLS handshake that failed
 * ({@link SslAuthenticationException}) or a SASL exchange the broker refused ({@link SaslAuthenticationException}).
 * Fatal: retrying with the same settings cannot succeed, so the records waiting on that broker fail with it at once
 * instead of timing out. The message names the broker and the reason; it never contains a secret.
 */
public class AuthenticationException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public AuthenticationException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public AuthenticationException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
