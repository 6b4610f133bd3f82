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

    /**
     * Starts what the mechanism runs in the background (OAUTHBEARER: the token refresh thread), once, when the
     * producer starts; {@code wakeup} wakes the network thread (a connection waiting for {@link #isReady} can go on).
     */
    default void start(String clientId, Runnable wakeup) {
    }

    /**
     * True when {@link #newExchange} can be called without waiting (OAUTHBEARER: a token is there, or its failure
     * is); a connection that finds it false waits (without blocking) and is tried again after a wakeup. Never blocks.
     */
    default boolean isReady() {
        return true;
    }

    /** Releases what the mechanism holds (the user's provider); called once when the producer closes. */
    default void close() {
    }
}
