package dev.vltava.producer;

import java.util.Map;
import javax.net.ssl.SSLEngine;

/**
 * Creates the {@link SSLEngine} of each TLS connection to a broker, for users who bring their own TLS setup (an
 * {@code SSLContext} from a secrets manager, a hardware key, ...). Named by class in {@code ssl.engine.factory.class}:
 * the producer creates one instance with the public no-argument constructor, calls {@link #configure} with the
 * producer's configuration, uses it from its network thread only, and closes it when the producer closes.
 *
 * <p>Without {@code ssl.engine.factory.class} the built-in factory builds the engines from the {@code ssl.*} settings.
 */
public interface SslEngineFactory extends AutoCloseable {

    /**
     * Called once, before the first engine is created, with the producer's configuration as given.
     *
     * @param configs the producer's configuration
     */
    default void configure(Map<String, ?> configs) {
    }

    /**
     * A new engine in client mode for one connection to peerHost:peerPort, the broker's host name as the producer
     * connects to it (from {@code bootstrap.servers} or the cluster metadata). The engine should verify the broker's
     * certificate, and its host name unless the user turned that off; the transport only drives the handshake.
     * Throwing here fails the connection as a TLS failure.
     *
     * @param peerHost the broker's host name (or address) as the producer connects to it
     * @param peerPort the broker's port
     * @return a new engine in client mode
     */
    SSLEngine createClientSslEngine(String peerHost, int peerPort);

    /** Releases what the factory holds; the default does nothing. */
    @Override
    default void close() {
    }
}
