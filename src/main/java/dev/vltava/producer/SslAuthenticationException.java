package dev.vltava.producer;

/**
 * The TLS handshake with a broker failed: its certificate is not trusted, has expired or does not match the host
 * name, the two sides share no protocol version or cipher suite, the broker refused our certificate (mutual TLS), or
 * the peer does not speak TLS at all. The message says which.
 */
public class SslAuthenticationException extends AuthenticationException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public SslAuthenticationException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public SslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
