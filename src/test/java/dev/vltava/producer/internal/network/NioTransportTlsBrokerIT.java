package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.internal.security.DefaultSslEngineFactory;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.TestClusters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport against the real broker's failing listeners: each handshake failure ends in an
 * {@link SSLHandshakeException} that says why, with no onConnected and no leaked record buffers. (That the records
 * then fail with SslAuthenticationException is BrokerClient's part, tested with the producer.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioTransportTlsBrokerIT {
    private static final int NODE = -1;

    private final SecuredCluster cluster = TestClusters.secured();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void wrongHost() {
        assertHandshakeFails(Listener.SSL_WRONG_HOST, cluster.clientProps(Listener.SSL_WRONG_HOST),
                "does not match the host name 'localhost'");
    }

    @Test
    void expiredCertificate() {
        assertHandshakeFails(Listener.SSL_EXPIRED, cluster.clientProps(Listener.SSL_EXPIRED), "expired");
    }

    @Test
    void untrustedCa() {
        assertHandshakeFails(Listener.SSL_UNTRUSTED, cluster.clientProps(Listener.SSL_UNTRUSTED), "not trusted");
    }

    @Test
    void mutualTlsWithoutACertificate() {
        Map<String, Object> noKeystore = cluster.clientProps(Listener.SSL); // trust, no key store
        noKeystore.put("bootstrap.servers", cluster.bootstrap(Listener.MTLS));
        IOException cause = failure(Listener.MTLS, noKeystore, true);
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("refused our certificate"), cause.getMessage());
    }

    @Test
    void tlsClientToAPlaintextListener() {
        Map<String, Object> props = cluster.clientProps(Listener.SSL);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.PLAINTEXT));
        IOException cause = failure(Listener.PLAINTEXT, props, false);
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("not a TLS endpoint"), cause.getMessage());
    }

    @Test
    void plaintextClientToATlsListener() {
        NioTransport transport = new NioTransport(-1, -1, 100 * 1024 * 1024);
        try {
            String[] hostPort = cluster.bootstrap(Listener.SSL).split(",")[0].split(":");
            transport.connect(NODE, hostPort[0], Integer.parseInt(hostPort[1]));
            NioTransportTest.pollUntil(transport, listener, () -> !listener.connected.isEmpty()
                    || !listener.disconnects.isEmpty());
            // An ApiVersions-sized frame, as BrokerClient would send first.
            ByteBuffer frame = ByteBuffer.allocate(4 + 20).putInt(0, 20);
            transport.send(NODE, new ByteBuffer[] {frame}, "api-versions");
            NioTransportTest.pollUntil(transport, listener, () -> !listener.disconnects.isEmpty());
            IOException cause = listener.disconnects.get(0).cause();
            assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
            assertTrue(cause.getMessage().contains("set security.protocol to SSL or SASL_SSL"), cause.getMessage());
        } finally {
            transport.close();
        }
    }

    private void assertHandshakeFails(Listener listener, Map<String, Object> props, String reason) {
        IOException cause = failure(listener, props, false);
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains(reason), cause.getMessage());
        assertTrue(cause.getMessage().startsWith("node -1 (localhost:"), cause.getMessage());
    }

    private IOException failure(Listener target, Map<String, Object> props, boolean mayConnectFirst) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("security.protocol", "SSL");
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory(ProducerConfig.from(all).security().ssl());
        NioTransport transport = new NioTransport(-1, -1, 100 * 1024 * 1024, factory::createClientSslEngine);
        try {
            String[] hostPort = ((String) all.get("bootstrap.servers")).split(",")[0].split(":");
            transport.connect(NODE, hostPort[0], Integer.parseInt(hostPort[1]));
            NioTransportTest.pollUntil(transport, listener, () -> !listener.connected.isEmpty()
                    || !listener.disconnects.isEmpty());
            if (!listener.connected.isEmpty()) {
                assertTrue(mayConnectFirst, target + ": connected although the handshake must fail");
                // TLS 1.3: the broker checks our certificate after our side finished; its alert comes with the
                // answer to our first request.
                ByteBuffer frame = ByteBuffer.allocate(4 + 20).putInt(0, 20);
                transport.send(NODE, new ByteBuffer[] {frame}, "first");
                NioTransportTest.pollUntil(transport, listener, () -> !listener.disconnects.isEmpty());
            }
            assertEquals(0, transport.tlsBuffersOutstanding(), "record buffers back in the pool");
            return listener.disconnects.get(0).cause();
        } finally {
            transport.close();
        }
    }
}
