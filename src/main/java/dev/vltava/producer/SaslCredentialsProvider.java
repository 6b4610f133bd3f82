package dev.vltava.producer;

import java.util.Map;

/**
 * Supplies the user name and password of SASL PLAIN and SCRAM when they should not be written into
 * {@code sasl.jaas.config} (say, a password that rotates). Name a class implementing it (public, with a public
 * no-argument constructor) in {@code sasl.client.callback.handler.class}, or put an instance there. It replaces the
 * {@code username}/{@code password} options of the JAAS line, which then need not be set.
 *
 * <p>{@link #credentials()} is called each time a connection authenticates (a new connection or a KIP-368
 * re-authentication), on the producer's network thread: keep it quick (return values held in memory). If it throws,
 * that authentication fails with a {@link SaslAuthenticationException} naming the cause.
 *
 * <p>Through the {@code KafkaProducer} facade ({@code dev.vltava.producer.compat.VltavaKafkaProducer}), Kafka's own
 * {@code AuthenticateCallbackHandler} classes work here as they are (they answer {@code NameCallback} and
 * {@code PasswordCallback}).
 */
@FunctionalInterface
public interface SaslCredentialsProvider {

    /**
     * The credentials for the next authentication.
     *
     * @return the credentials, never {@code null}
     * @throws Exception if none can be had now: that authentication fails with a {@link SaslAuthenticationException}
     */
    SaslCredentials credentials() throws Exception;

    /**
     * Called once, before the first {@link #credentials()}, for a provider created from
     * {@code sasl.client.callback.handler.class} (not for an instance given there): the producer's configuration,
     * the mechanism ({@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}) and the options of the JAAS line
     * (empty without one).
     *
     * @param configs the producer's configuration
     * @param mechanism the SASL mechanism
     * @param jaasOptions the options of the {@code sasl.jaas.config} line (empty without one)
     */
    default void configure(Map<String, ?> configs, String mechanism, Map<String, String> jaasOptions) {
    }

    /**
     * Called once when the producer closes (for instances given in the configuration, too).
     *
     * @throws Exception if releasing fails; the producer logs it and closes anyway
     */
    default void close() throws Exception {
    }
}
