package dev.vltava.producer.internal.security.sasl;

/** Makes a fresh {@link SaslExchange} for each (re-)authentication of a connection. */
public interface SaslClientFactory {

    /** The mechanism's name, sent in SaslHandshake. */
    String mechanism();

    /**
     * A new exchange for a connection to {@code host}.
     *
     * @throws SaslMechanismException when the client cannot start (say, the token provider failed)
     */
    SaslExchange newExchange(String host) throws SaslMechanismException;

    /** Releases what the mechanism holds (the user's provider); called once when the producer closes. */
    default void close() {
    }
}
