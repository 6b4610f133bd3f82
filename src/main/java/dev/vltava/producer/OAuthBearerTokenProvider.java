package dev.vltava.producer;

import java.util.Map;

/**
 * Supplies the bearer tokens of SASL OAUTHBEARER. Give an instance to
 * {@link ProducerBuilder#oauthBearer(OAuthBearerTokenProvider)}, or name a class implementing it (public, with a
 * public no-argument constructor) in {@code sasl.login.callback.handler.class}. Without either, OAUTHBEARER uses
 * unsecured tokens built from the {@code unsecuredLogin*} options of {@code sasl.jaas.config}, as Kafka does
 * (development and tests only).
 *
 * <p>The producer calls {@link #token()} on a thread of its own ({@code vltava-producer-oauthbearer-refresh |
 * <client.id>}, started with the producer), never on the network thread: a provider may block (an HTTP token
 * endpoint) without stalling sends. It asks when the producer starts, and again once the {@code sasl.login.refresh.*}
 * rules say the current token is due (before it expires). If it throws, it is asked again after
 * {@code sasl.login.retry.backoff.ms}, doubling up to {@code sasl.login.retry.backoff.max.ms}; meanwhile a token
 * that is still valid is used, and without one connections fail their authentication with a
 * {@link SaslAuthenticationException} naming the cause. Connections that need a token before the first one arrives
 * wait (records stay queued, bounded by {@code delivery.timeout.ms}). {@link #close()} is called when the producer
 * closes, after that thread has been stopped (it is interrupted if {@link #token()} is still running).
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {

    /**
     * A current token.
     *
     * @return the token, never {@code null}
     * @throws Exception if no token can be had now (see the class description for what the producer does then)
     */
    OAuthBearerToken token() throws Exception;

    /**
     * Called once, before the first {@link #token()}, for a provider created from
     * {@code sasl.login.callback.handler.class}: the producer's configuration and the options of its JAAS line.
     *
     * @param configs the producer's configuration
     * @param jaasOptions the options of the {@code sasl.jaas.config} line
     */
    default void configure(Map<String, ?> configs, Map<String, String> jaasOptions) {
    }

    /**
     * Called once when the producer closes (for instances given to the builder or the configuration, too).
     *
     * @throws Exception if releasing fails; the producer logs it and closes anyway
     */
    default void close() throws Exception {
    }
}
