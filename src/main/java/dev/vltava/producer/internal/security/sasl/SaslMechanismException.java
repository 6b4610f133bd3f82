package dev.vltava.producer.internal.security.sasl;

/** The client side of a SASL exchange cannot go on. The message names the reason and never holds a secret. */
public final class SaslMechanismException extends Exception {
    private static final long serialVersionUID = 1L;

    public SaslMechanismException(String message) {
        super(message);
    }

    public SaslMechanismException(String message, Throwable cause) {
        super(message, cause);
    }
}
