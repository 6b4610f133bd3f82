package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * client.dns.lookup=use_all_dns_ips in the real transport: a name whose first address refuses and whose second
 * accepts. The peer listens on 127.0.0.1 only, so the same port on 127.0.0.2 (loopback too, on Linux) refuses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTransportDnsTest {

    private static final int NODE = -1;
    private final RecordingListener listener = new RecordingListener();

    @Test
    void aNameWhoseFirstAddressRefusesConnectsThroughItsSecond() throws Exception {
        FakeResolver resolver = new FakeResolver().name("broker.test", "127.0.0.2", "127.0.0.1");
        try (LoopbackPeer peer = LoopbackPeer.listen(-1);
                NioTransport transport = new NioTransport(-1, -1, 1024, resolver)) {
            transport.connect(NODE, "broker.test", peer.port());
            NioTransportTest.pollUntil(transport, listener, () -> !listener.disconnects.isEmpty());
            // The refused attempt fails as a connect failure, not as a resolution failure.
            assertInstanceOf(ConnectException.class, listener.disconnects.get(0).cause());
            assertEquals(List.of(), listener.connected);

            transport.connect(NODE, "broker.test", peer.port()); // the caller retries, as BrokerClient does
            // The kernel completes the handshake before accept(): wait for either outcome, then look.
            NioTransportTest.pollUntil(transport, listener,
                    () -> transport.isConnected(NODE) || listener.disconnects.size() > 1);
            assertEquals(List.of(NODE), listener.connected, "second attempt, second address: " + listener.log);
            peer.accept();
            assertEquals(List.of("broker.test"), resolver.lookups, "resolved once, both addresses used");

            // After a drop, the reconnect goes to the address that worked.
            transport.disconnect(NODE);
            transport.connect(NODE, "broker.test", peer.port());
            peer.accept();
            NioTransportTest.pollUntil(transport, listener, () -> transport.isConnected(NODE));
            assertEquals(List.of(NODE, NODE), listener.connected);
        }
    }

    @Test
    void aNameThatDoesNotResolveIsReportedAsADisconnectNamingIt() throws Exception {
        try (NioTransport transport = new NioTransport(-1, -1, 1024, new FakeResolver())) {
            transport.connect(NODE, "nowhere.test", 9092);
            NioTransportTest.pollUntil(transport, listener, () -> !listener.disconnects.isEmpty());
            UnknownHostException e = assertInstanceOf(UnknownHostException.class,
                    listener.disconnects.get(0).cause());
            assertTrue(e.getMessage().contains("nowhere.test"), e.getMessage());
        }
    }
}
