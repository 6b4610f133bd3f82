package dev.vltava.producer;

/**
 * A broker refused the SASL authentication: wrong credentials, an unknown user, a mechanism the broker does not
 * enable, or an expired or invalid token. The message says which, without the credentials themselves.
 */
public class SaslAuthenticationException extends AuthenticationException {

    public SaslAuthenticationException(String message) {
        this(message, null);
    }

    public SaslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
