package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.MetadataRequest;
import dev.vltava.producer.internal.security.sasl.PlainMechanism;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.ScramMechanism;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import javax.security.auth.callback.Callback;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.Test;

/**
 * The SASL states of BrokerClient over a scripted transport, against Kafka's own SASL servers: handshake, multi-round
 * SCRAM, each failure as a typed authentication failure naming the node and the reason (never the password),
 * TLS failures from the transport, and KIP-368 re-authentication on the same connection.
 */
class BrokerClientSaslTest {
    private static final BrokerAddress NODE = new BrokerAddress(0, "broker0.test", 9093, null);
    private static final String PASSWORD = "alice-secret";

    private long nowNs = TimeUnit.SECONDS.toNanos(1);
    private final FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
    private final BrokerClient client = new BrokerClient(transport, "test", 5, 30_000, 10_000, 10_000, 100, 1_000,
            Long.MAX_VALUE, () -> nowNs, new Random(7));

    private static Supplier<SaslServer> plainServer() {
        return () -> new PlainSaslServer(callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof PlainAuthenticateCallback p) {
                    p.authenticated(new String(p.password()).equals(PASSWORD));
                }
            }
        });
    }

    private static Supplier<SaslServer> scramServer(String mechanism) {
        var kafka = org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(mechanism);
        return () -> {
            try {
                var credential = new ScramFormatter(kafka).generateCredential(PASSWORD, 4096);
                return new ScramSaslServer(kafka, java.util.Map.of(), callbacks -> {
                    for (Callback cb : callbacks) {
                        if (cb instanceof ScramCredentialCallback s) {
                            s.scramCredential(credential);
                        }
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private FakeSaslBroker broker(List<String> enabled, Supplier<SaslServer> servers, SaslClientFactory mechanism) {
        FakeSaslBroker broker = new FakeSaslBroker(enabled, servers);
        transport.setResponder(broker);
        client.enableSasl(mechanism);
        return broker;
    }

    private void pollUntilSettled() {
        for (int i = 0; i < 10 && transport.pendingActions() > 0; i++) {
            client.poll(0);
        }
        client.poll(0);
    }

    private void connect() {
        assertTrue(client.connect(NODE, nowNs));
        pollUntilSettled();
    }

    @Test
    void plainAuthenticatesAfterApiVersionsAndBeforeReady() {
        FakeSaslBroker broker = broker(List.of("PLAIN"), plainServer(), new PlainMechanism("alice", PASSWORD));
        connect();
        assertTrue(client.isReady(0));
        assertEquals(List.of("ApiVersions", "SaslHandshake", "SaslAuthenticate"), broker.received);
        assertNull(client.authenticationFailure(0));
    }

    @Test
    void scramTakesTwoRoundsAndVerifiesTheServer() {
        for (String m : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            FakeTransport t = new FakeTransport().autoConnect(true).autoCompleteSends(true);
            BrokerClient c = new BrokerClient(t, "test", 5, 30_000, 10_000, 10_000, 100, 1_000, Long.MAX_VALUE,
                    () -> nowNs, new Random(7));
            FakeSaslBroker broker = new FakeSaslBroker(List.of(m), scramServer(m));
            t.setResponder(broker);
            c.enableSasl(new ScramMechanism(ScramMechanism.Hash.forMechanism(m), "alice", PASSWORD));
            assertTrue(c.connect(NODE, nowNs));
            for (int i = 0; i < 10; i++) {
                c.poll(0);
            }
            assertTrue(c.isReady(0), m);
            assertEquals(List.of("ApiVersions", "SaslHandshake", "SaslAuthenticate", "SaslAuthenticate"),
                    broker.received, m);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureWithTheBrokersMessage() {
        broker(List.of("SCRAM-SHA-256"), scramServer("SCRAM-SHA-256"),
                new ScramMechanism(ScramMechanism.Hash.SHA_256, "alice", "wrong-password"));
        connect();
        assertFalse(client.isReady(0));
        assertFalse(client.isConnectedOrConnecting(0), "closed");
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f);
        assertEquals(AuthenticationFailedException.Kind.SASL, f.kind());
        assertTrue(f.getMessage().contains("node 0 (broker0.test:9093)"), f.getMessage());
        assertTrue(f.getMessage().contains("SASL_AUTHENTICATION_FAILED"), f.getMessage());
        assertTrue(f.getMessage().contains("invalid credentials"), f.getMessage());
        assertFalse(f.getMessage().contains("wrong-password"), f.getMessage());
        assertTrue(client.reconnectDelayNs(0, nowNs) > 0, "reconnects only after backoff");
    }

    @Test
    void aMechanismTheBrokerDoesNotEnableNamesTheEnabledOnes() {
        broker(List.of("SCRAM-SHA-512", "OAUTHBEARER"), plainServer(), new PlainMechanism("alice", PASSWORD));
        connect();
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f);
        assertTrue(f.getMessage().contains("UNSUPPORTED_SASL_MECHANISM"), f.getMessage());
        assertTrue(f.getMessage().contains("[SCRAM-SHA-512, OAUTHBEARER]"), f.getMessage());
    }

    @Test
    void illegalSaslStateIsAnAuthenticationFailureNamingIt() {
        FakeSaslBroker broker = broker(List.of("PLAIN"), plainServer(), new PlainMechanism("alice", PASSWORD));
        broker.illegalState = true;
        connect();
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f);
        assertTrue(f.getMessage().contains("ILLEGAL_SASL_STATE"), f.getMessage());
    }

    @Test
    void aScramServerSignatureThatDoesNotVerifyFailsTheConnection() {
        FakeSaslBroker broker = broker(List.of("SCRAM-SHA-256"), scramServer("SCRAM-SHA-256"),
                new ScramMechanism(ScramMechanism.Hash.SHA_256, "alice", PASSWORD));
        broker.tamper = serverFinal -> {
            byte[] b = serverFinal.clone();
            b[4] = (byte) (b[4] == 'A' ? 'B' : 'A'); // inside the base64 of v=
            return b;
        };
        connect();
        assertFalse(client.isReady(0));
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f);
        assertTrue(f.getMessage().contains("signature does not verify"), f.getMessage());
    }

    @Test
    void aTlsHandshakeFailureFromTheTransportIsATlsAuthenticationFailure() {
        client.connect(NODE, nowNs);
        transport.autoConnect(false);
        transport.failConnection(0, new SSLHandshakeException("node 0 (broker0.test:9093): PKIX path building "
                + "failed: untrusted certificate"));
        client.poll(0);
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f);
        assertEquals(AuthenticationFailedException.Kind.TLS, f.kind());
        assertInstanceOf(SSLHandshakeException.class, f.getCause());
        assertEquals("TLS handshake failed: node 0 (broker0.test:9093): PKIX path building failed: untrusted "
                + "certificate", f.getMessage(), "the transport's message, which names the node, once");
    }

    @Test
    void aHandshakeThePeerCutsShortIsFatalOnlyTheSecondTimeInARow() {
        client.connect(NODE, nowNs);
        transport.autoConnect(false);
        transport.failConnection(0, peerClosedDuringHandshake());
        client.poll(0);
        assertNull(client.authenticationFailure(0), "once may be a broker restarting: retried like any disconnect");
        nowNs += TimeUnit.SECONDS.toNanos(2);
        client.connect(NODE, nowNs);
        transport.failConnection(0, peerClosedDuringHandshake());
        client.poll(0);
        AuthenticationFailedException f = client.authenticationFailure(0);
        assertNotNull(f, "twice in a row: the listener does not speak TLS");
        assertEquals(AuthenticationFailedException.Kind.TLS, f.kind());
        assertTrue(f.getMessage().contains("not a TLS endpoint"), f.getMessage());
    }

    private static SSLHandshakeException peerClosedDuringHandshake() {
        SSLHandshakeException e = new SSLHandshakeException("node 0 (broker0.test:9093): TLS handshake failed: the "
                + "peer closed the connection during the handshake: it is probably not a TLS endpoint");
        e.initCause(new java.io.EOFException("end of stream"));
        return e;
    }

    @Test
    void aLaterSuccessfulConnectionClearsTheFailure() {
        FakeSaslBroker broker = broker(List.of("PLAIN"), plainServer(), new PlainMechanism("alice", PASSWORD));
        broker.tamper = b -> b;
        client.connect(NODE, nowNs);
        transport.failConnection(0, new SSLHandshakeException("bad certificate"));
        client.poll(0);
        client.poll(0);
        assertNotNull(client.authenticationFailure(0));
        nowNs += TimeUnit.SECONDS.toNanos(2);
        connect();
        assertTrue(client.isReady(0));
        assertNull(client.authenticationFailure(0));
    }

    /** Holds Metadata requests until the test answers them. */
    private final List<int[]> heldMetadata = new ArrayList<>();

    private FakeSaslBroker reauthBroker(long lifetimeMs) {
        FakeSaslBroker broker = broker(List.of("PLAIN"), plainServer(), new PlainMechanism("alice", PASSWORD));
        broker.sessionLifetimeMs = lifetimeMs;
        broker.others = (node, body) -> {
            RequestHeader h = RequestHeader.parse(body);
            heldMetadata.add(new int[] {h.correlationId(), h.apiVersion()});
            return null;
        };
        return broker;
    }

    private final List<String> outcomes = new ArrayList<>();

    private void sendMetadata() {
        client.send(0, new MetadataRequest(List.of("t"), false), client.version(0, ApiKey.METADATA), true,
                new ResponseHandler() {
                    @Override
                    public void onResponse(ByteBuffer body, short version, long now) {
                        outcomes.add("response");
                    }

                    @Override
                    public void onFailure(Exception cause, long now) {
                        outcomes.add("failed");
                    }
                }, nowNs);
    }

    private void answerMetadata() {
        int[] h = heldMetadata.remove(0);
        transport.deliver(0, FakeSaslBroker.serialize(new MetadataResponseData(), ApiKeys.METADATA, (short) h[1],
                h[0]));
    }

    @Test
    void reauthenticatesOnTheSameConnectionAfterInFlightRequestsEnd() {
        FakeSaslBroker broker = reauthBroker(10_000);
        connect();
        assertTrue(client.isReady(0));
        sendMetadata();
        client.poll(0);
        assertEquals(1, heldMetadata.size());

        nowNs += TimeUnit.MILLISECONDS.toNanos(9_600); // past 85-95 % of the session lifetime
        client.poll(0);
        assertFalse(client.isReady(0), "no new requests while re-authentication is due");
        assertEquals(List.of("ApiVersions", "SaslHandshake", "SaslAuthenticate", "Metadata"), broker.received,
                "not started while a request is in flight");

        answerMetadata();
        pollUntilSettled();
        pollUntilSettled();
        assertEquals(List.of("response"), outcomes);
        assertEquals(List.of("ApiVersions", "SaslHandshake", "SaslAuthenticate", "Metadata", "SaslHandshake",
                "SaslAuthenticate"), broker.received);
        assertTrue(client.isReady(0), "ready again");
        assertEquals(1, transport.connectCalls().size(), "on the same connection");
    }

    private ProducerMetrics metrics() {
        ProducerMetrics m = ProducerMetrics.withDefaults("c", () -> nowNs);
        client.recordMetricsInto(m.network());
        return m;
    }

    private static double value(ProducerMetrics m, String name) {
        return m.registry().metrics().stream().filter(r -> r.key().name().equals(name)).findFirst()
                .map(r -> (Double) r.value()).orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void aReauthenticationIsCountedAsOneWithItsLatencyNotAsANewAuthentication() {
        ProducerMetrics m = metrics();
        FakeSaslBroker broker = reauthBroker(10_000);
        connect();
        transport.setResponder((node, body) -> { // from now on, the broker takes 7 ms to answer SaslHandshake
            if (RequestHeader.parse(body.duplicate()).apiKey() == ApiKeys.SASL_HANDSHAKE) {
                nowNs += TimeUnit.MILLISECONDS.toNanos(7);
            }
            return broker.respond(node, body);
        });
        sendMetadata();
        client.poll(0);
        nowNs += TimeUnit.MILLISECONDS.toNanos(9_600);
        client.poll(0);
        answerMetadata();
        pollUntilSettled();
        pollUntilSettled();
        assertTrue(client.isReady(0), "ready again");
        assertEquals(1.0, value(m, "successful-authentication-total"), "the connection authenticated once");
        assertEquals(1.0, value(m, "successful-reauthentication-total"));
        assertEquals(0.0, value(m, "failed-reauthentication-total"));
        assertEquals(7.0, value(m, "reauthentication-latency-max"), "from the start to ready again, in ms");
        assertEquals(7.0, value(m, "reauthentication-latency-avg"));
        assertTrue(value(m, "successful-reauthentication-rate") > 0);
        assertEquals(1.0, value(m, "successful-authentication-no-reauth-total"), "as the official client counts");
    }

    @Test
    void aRefusedReauthenticationIsAFailedReauthenticationNotAFailedAuthentication() {
        ProducerMetrics m = metrics();
        FakeSaslBroker broker = reauthBroker(10_000);
        connect();
        assertTrue(client.isReady(0));
        broker.refuse.add(0);
        nowNs += TimeUnit.MILLISECONDS.toNanos(9_600);
        pollUntilSettled();
        pollUntilSettled();
        assertFalse(client.isConnectedOrConnecting(0), "closed");
        assertNotNull(client.authenticationFailure(0), "an authentication failure");
        assertEquals(1.0, value(m, "failed-reauthentication-total"));
        assertEquals(0.0, value(m, "failed-authentication-total"));
        assertEquals(0.0, value(m, "successful-reauthentication-total"));
        assertTrue(Double.isNaN(value(m, "reauthentication-latency-max")), "no successful re-authentication");
    }

    @Test
    void aSessionThatEndsBeforeReauthenticationClosesTheConnection() {
        reauthBroker(10_000);
        connect();
        sendMetadata();
        client.poll(0);
        nowNs += TimeUnit.MILLISECONDS.toNanos(10_001); // the request never ends in time
        client.poll(0);
        assertEquals(List.of("failed"), outcomes, "the request fails as on any disconnect (and is retried)");
        assertFalse(client.isConnectedOrConnecting(0));
        assertNull(client.authenticationFailure(0), "not an authentication failure");
    }

    /** A mechanism that is not ready until the test says so (OAUTHBEARER while its first token is fetched). */
    private static final class NotReadyYet implements SaslClientFactory {
        private final PlainMechanism plain = new PlainMechanism("alice", PASSWORD);
        volatile boolean ready;
        int exchanges;

        @Override
        public String mechanism() {
            return plain.mechanism();
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public dev.vltava.producer.internal.security.sasl.SaslExchange newExchange(String host)
                throws dev.vltava.producer.internal.security.sasl.SaslMechanismException {
            exchanges++;
            return plain.newExchange(host);
        }
    }

    @Test
    void aConnectionWaitsForTheMechanismWithoutBlockingPollThenAuthenticates() {
        NotReadyYet mechanism = new NotReadyYet();
        FakeSaslBroker broker = broker(List.of("PLAIN"), plainServer(), mechanism);
        connect(); // every poll returns: nothing waits inside poll for the credentials
        for (int i = 0; i < 5; i++) {
            client.poll(0);
        }
        assertFalse(client.isReady(0));
        assertEquals(List.of("ApiVersions"), broker.received, "no SaslHandshake before the token is there");
        assertEquals(0, mechanism.exchanges);
        assertNull(client.authenticationFailure(0), "waiting is not a failure");
        mechanism.ready = true; // the refresh thread got the token (and woke the network thread)
        pollUntilSettled();
        client.poll(0);
        assertTrue(client.isReady(0));
        assertEquals(List.of("ApiVersions", "SaslHandshake", "SaslAuthenticate"), broker.received);
        assertEquals(1, mechanism.exchanges);
    }
}
