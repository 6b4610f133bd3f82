package dev.vltava.producer;

/**
 * A broker refused the SASL authentication: wrong credentials, an unknown user, a mechanism the broker does not
 * enable, or an expired or invalid token. The message says which, without the credentials themselves.
 */
public class SaslAuthenticationException extends AuthenticationException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public SaslAuthenticationException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public SaslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
