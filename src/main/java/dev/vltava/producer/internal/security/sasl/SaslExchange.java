package dev.vltava.producer.internal.security.sasl;

/**
 * The client side of one SASL authentication on one connection: the first message, then one answer per server
 * challenge until {@link #isComplete()}. Single-threaded; a new exchange per authentication.
 */
public interface SaslExchange {

    /** The mechanism's name as the broker knows it ("PLAIN", "SCRAM-SHA-256", ...). */
    String mechanism();

    /** The client's first message. */
    byte[] initialResponse() throws SaslMechanismException;

    /**
     * Takes the server's answer to the last message; returns the next message to send, or null when the exchange is
     * complete (then {@link #isComplete()} is true).
     *
     * @throws SaslMechanismException when the server's message is malformed or cannot be trusted (a SCRAM server
     *                                signature that does not verify); the message names the reason, never a secret
     */
    byte[] evaluate(byte[] challenge) throws SaslMechanismException;

    /** True once the client has accepted the server's last message. */
    boolean isComplete();
}
