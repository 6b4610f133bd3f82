package dev.vltava.producer;

import java.util.Map;

/**
 * Supplies the bearer tokens of SASL OAUTHBEARER. Give an instance to
 * {@link ProducerBuilder#oauthBearer(OAuthBearerTokenProvider)}, or name a class implementing it (public, with a
 * public no-argument constructor) in {@code sasl.login.callback.handler.class}. Without either, OAUTHBEARER uses
 * unsecured tokens built from the {@code unsecuredLogin*} options of {@code sasl.jaas.config}, as Kafka does
 * (development and tests only).
 *
 * <p>The producer asks for a token when a connection authenticates and caches it; it asks for a new one once the
 * {@code sasl.login.refresh.*} rules say the cached one is due (before it expires). {@link #token()} runs on the
 * producer's network thread: keep it quick (return a token fetched in the background if fetching is slow). If it
 * throws while the cached token is still valid, the cached one is used and the provider is asked again at the next
 * authentication; otherwise the authentication fails with a {@link SaslAuthenticationException}.
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {

    /** A current token; must not return null. */
    OAuthBearerToken token() throws Exception;

    /**
     * Called once, before the first {@link #token()}, for a provider created from
     * {@code sasl.login.callback.handler.class}: the producer's configuration and the options of its JAAS line.
     */
    default void configure(Map<String, ?> configs, Map<String, String> jaasOptions) {
    }

    /** Called once when the producer closes (for instances given to the builder or the configuration, too). */
    default void close() throws Exception {
    }
}
