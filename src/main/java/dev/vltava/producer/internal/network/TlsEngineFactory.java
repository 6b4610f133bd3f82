package dev.vltava.producer.internal.network;

import javax.net.ssl.SSLEngine;

/**
 * Where {@link NioTransport} gets the client {@link SSLEngine} of each TLS connection: for the broker's host name as
 * given to {@link Transport#connect} (SNI and host name verification use it) and its port. The engine's settings
 * (trust, keys, protocols, host name verification) are the factory's business; the transport only drives it.
 */
@FunctionalInterface
public interface TlsEngineFactory {

    /** A new engine in client mode; an exception fails that connection as a TLS failure. */
    SSLEngine createClientEngine(String host, int port);
}
