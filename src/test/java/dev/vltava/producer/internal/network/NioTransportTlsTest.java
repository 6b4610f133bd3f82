package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.internal.security.DefaultSslEngineFactory;
import dev.vltava.producer.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NioTransport} over TLS against an in-JVM TLS peer ({@link TlsPeer}) with the test certificates. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTransportTlsTest {

    private static final int NODE = 1;
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final TestCertificates CERTS = TestCertificates.shared();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close(); // the transport before the peer it talks to
        }
    }

    @Test
    void framesFlowBothWaysIncludingLargeOnesAndSeveralPerWrite() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = transport(trustCa());
        connectAndWait(transport, "localhost", peer.port());
        assertEquals("", peer.handshake.get(30, TimeUnit.SECONDS), "no client certificate without a key store");
        assertEquals(2, transport.tlsBuffersOutstanding(), "one record buffer in, one out");

        Random random = new Random(13);
        List<byte[]> bodies = new ArrayList<>();
        for (int size : new int[] {0, 1, 100, 16 * 1024, 16 * 1024 + 1, 40_000, 1024 * 1024 + 7, 3, 5}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            bodies.add(body);
            transport.send(NODE, frame(body, 3), "t" + bodies.size()); // queued together: several frames per write
        }
        pollUntil(transport, () -> listener.received.size() == bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertArrayEquals(bodies.get(i), listener.received.get(i).bytes(), "frame " + i);
        }
        List<Object> expectedTokens = new ArrayList<>();
        for (int i = 1; i <= bodies.size(); i++) {
            expectedTokens.add("t" + i);
        }
        assertEquals(expectedTokens, listener.completedTokens);

        transport.disconnect(NODE);
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        assertEquals(0, transport.tlsBuffersOutstanding(), "record buffers back in the pool");
        peer.ended.get(30, TimeUnit.SECONDS); // the peer read our close_notify as the end of the stream
    }

    @Test
    void smallSocketBuffersMeanPartialRecordsBothWays() throws Exception {
        // 4 KiB socket buffers: a TLS record (up to ~16 KiB) is written and read in pieces, so wraps wait for
        // flushes and unwraps for the rest of a record, again and again.
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = transport(trustCa(), 4096);
        connectAndWait(transport, "localhost", peer.port());
        Random random = new Random(4096);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] body = new byte[random.nextInt(i % 5 == 0 ? 300_000 : 3_000)];
            random.nextBytes(body);
            bodies.add(body);
            transport.send(NODE, frame(body, 1 + random.nextInt(4)), i);
        }
        pollUntil(transport, () -> listener.received.size() == bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertArrayEquals(bodies.get(i), listener.received.get(i).bytes(), "frame " + i);
        }
        assertEquals(bodies.size(), listener.completedTokens.size());
    }

    @Test
    void tls12WorksToo() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()).clientAuth().protocols("TLSv1.2"));
        Map<String, Object> ssl = stores("PKCS12");
        ssl.put("ssl.protocol", "TLSv1.2");
        NioTransport transport = transport(ssl);
        connectAndWait(transport, "localhost", peer.port());
        byte[] body = new byte[100_000];
        new Random(12).nextBytes(body);
        transport.send(NODE, frame(body, 2), "t");
        pollUntil(transport, () -> listener.received.size() == 1);
        assertArrayEquals(body, listener.received.get(0).bytes());
        assertTrue(peer.handshake.get(30, TimeUnit.SECONDS).contains("CN=vltava-client"));
    }

    @Test
    void callersBuffersAreNotMoved() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = transport(trustCa());
        connectAndWait(transport, "localhost", peer.port());
        ByteBuffer[] frame = frame(bytes("hello"), 2);
        int[] before = {frame[0].position(), frame[1].position()};
        transport.send(NODE, frame, "t");
        pollUntil(transport, () -> listener.received.size() == 1);
        assertEquals(before[0], frame[0].position());
        assertEquals(before[1], frame[1].position());
        assertEquals("hello", new String(listener.received.get(0).bytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12", "PEM file", "PEM file encrypted", "PEM text", "PEM text encrypted"})
    void mutualTlsWithEveryKindOfStore(String kind) throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()).clientAuth());
        NioTransport transport = transport(stores(kind));
        connectAndWait(transport, "localhost", peer.port());
        transport.send(NODE, frame(bytes("mtls"), 1), "t");
        pollUntil(transport, () -> listener.received.size() == 1);
        assertEquals("mtls", new String(listener.received.get(0).bytes(), StandardCharsets.UTF_8));
        assertTrue(peer.handshake.get(30, TimeUnit.SECONDS).contains("CN=vltava-client"),
                "the broker saw our certificate: " + peer.handshake.get());
    }

    @Test
    void untrustedCertificateFailsTheHandshake() throws Exception {
        SSLHandshakeException e = handshakeFails(TlsPeer.Options.of(CERTS.untrustedBroker()), trustCa(), "localhost");
        assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
    }

    @Test
    void expiredCertificateFailsTheHandshake() throws Exception {
        SSLHandshakeException e = handshakeFails(TlsPeer.Options.of(CERTS.expiredBroker()), trustCa(), "localhost");
        assertTrue(e.getMessage().contains("certificate has expired"), e.getMessage());
    }

    @Test
    void certificateForAnotherHostFailsUnlessHostNameVerificationIsOff() throws Exception {
        SSLHandshakeException e = handshakeFails(TlsPeer.Options.of(CERTS.wrongHostBroker()), trustCa(), "localhost");
        assertTrue(e.getMessage().contains("does not match the host name 'localhost'"), e.getMessage());

        Map<String, Object> noVerification = trustCa();
        noVerification.put("ssl.endpoint.identification.algorithm", "");
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.wrongHostBroker()));
        NioTransport transport = transport(noVerification);
        connectAndWait(transport, "localhost", peer.port());
        transport.send(NODE, frame(bytes("ok"), 1), "t");
        pollUntil(transport, () -> listener.received.size() == 1);
    }

    @Test
    void hostNameIsVerifiedAgainstTheNameAsGiven() throws Exception {
        // The broker certificate names localhost and 127.0.0.1: both work; the name is checked, not just the CA.
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = transport(trustCa());
        connectAndWait(transport, "127.0.0.1", peer.port());
    }

    @Test
    void noCommonProtocolFailsTheHandshake() throws Exception {
        Map<String, Object> tls12 = trustCa();
        tls12.put("ssl.protocol", "TLSv1.2");
        tls12.put("ssl.enabled.protocols", "TLSv1.2");
        SSLHandshakeException e = handshakeFails(TlsPeer.Options.of(CERTS.broker()).protocols("TLSv1.3"), tls12,
                "localhost");
        assertTrue(e.getMessage().contains("protocol version"), e.getMessage());
    }

    @Test
    void brokerRefusingOurMissingCertificateFailsAsATlsFailure() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()).clientAuth());
        NioTransport transport = transport(trustCa());
        transport.connect(NODE, "localhost", peer.port());
        // TLS 1.3: our side may finish (and report connected) before the broker checks our certificate; its refusal
        // then arrives on the first read, and is a handshake failure all the same.
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        IOException cause = listener.disconnects.get(0).cause();
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("refused our certificate"), cause.getMessage());
        assertEquals(0, transport.tlsBuffersOutstanding());
    }

    @Test
    void tlsClientToAPeerThatClosesFailsAsNotATlsEndpoint() throws Exception {
        LoopbackPeer plain = plaintextPeer();
        NioTransport transport = transport(trustCa());
        byte[] hello = connectUntilClientHelloSent(transport, plain); // the ClientHello's record header
        assertEquals(22, hello[0], "a TLS handshake record");
        transport.send(NODE, frame(bytes("queued"), 1), "queued");
        plain.closeAccepted(); // what a plaintext broker does with a ClientHello: an absurd frame size, so it closes
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        RecordingListener.Disconnect d = listener.disconnects.get(0);
        assertInstanceOf(SSLHandshakeException.class, d.cause(), String.valueOf(d.cause()));
        assertTrue(d.cause().getMessage().contains("not a TLS endpoint"), d.cause().getMessage());
        assertTrue(d.cause().getMessage().startsWith("node 1 (localhost:" + plain.port() + ")"), d.cause().getMessage());
        assertEquals(List.of("queued"), d.unsentTokens(), "queued frames handed back");
        assertTrue(listener.connected.isEmpty());
        assertEquals(0, transport.tlsBuffersOutstanding());
    }

    @Test
    void tlsClientToAPeerAnsweringGarbageFailsAsNotATlsEndpoint() throws Exception {
        LoopbackPeer plain = plaintextPeer();
        NioTransport transport = transport(trustCa());
        connectUntilClientHelloSent(transport, plain);
        plain.write(LoopbackPeer.frameBytes(bytes("a Kafka response, not TLS")));
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        IOException cause = listener.disconnects.get(0).cause();
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("not a TLS endpoint"), cause.getMessage());
        assertEquals(0, transport.tlsBuffersOutstanding());
    }

    @Test
    void plaintextClientToATlsPeerIsToldToUseTls() throws Exception {
        LoopbackPeer tlsSpeaker = LoopbackPeer.listen(-1);
        toClose.add(tlsSpeaker);
        NioTransport transport = new NioTransport(-1, -1, MAX_FRAME);
        toClose.add(transport);
        transport.connect(NODE, "localhost", tlsSpeaker.port());
        tlsSpeaker.accept();
        pollUntil(transport, () -> listener.connected.contains(NODE));
        transport.send(NODE, frame(bytes("ApiVersions"), 1), "t");
        pollUntil(transport, () -> listener.completedTokens.contains("t"));
        tlsSpeaker.readFully(15);
        // What a TLS listener sends back to a plaintext request: a fatal alert record (unexpected_message).
        tlsSpeaker.write(new byte[] {21, 3, 3, 0, 2, 2, 10});
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        IOException cause = listener.disconnects.get(0).cause();
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("set security.protocol to SSL or SASL_SSL"), cause.getMessage());
    }

    @Test
    void plaintextClientToARealTlsPeerFailsWithoutHanging() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = new NioTransport(-1, -1, MAX_FRAME);
        toClose.add(transport);
        transport.connect(NODE, "localhost", peer.port());
        pollUntil(transport, () -> listener.connected.contains(NODE));
        transport.send(NODE, frame(bytes("ApiVersions request"), 1), "t");
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        IOException cause = listener.disconnects.get(0).cause();
        // The JDK's TLS server (as the broker's) answers plaintext with a fatal alert record: we say why.
        assertInstanceOf(SSLHandshakeException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("set security.protocol to SSL"), cause.getMessage());
    }

    @Test
    void connectedOnlyAfterTheHandshakeAndDisconnectDuringItHandsEverythingBack() throws Exception {
        LoopbackPeer silent = LoopbackPeer.listen(-1); // accepts TCP, never answers the ClientHello
        toClose.add(silent);
        NioTransport transport = transport(trustCa());
        transport.connect(NODE, "localhost", silent.port());
        silent.accept();
        pollUntilClientHelloHeader(transport, silent); // the TCP connect is done and the ClientHello is out
        transport.poll(0, listener);
        assertTrue(transport.isConnecting(NODE), "still handshaking");
        assertFalse(transport.isConnected(NODE));
        assertTrue(listener.connected.isEmpty(), "no onConnected before the handshake finished");
        transport.send(NODE, frame(bytes("a"), 1), "a");
        transport.send(NODE, frame(bytes("b"), 1), "b");
        assertEquals(2, transport.tlsBuffersOutstanding());

        transport.disconnect(NODE);
        assertEquals(0, transport.tlsBuffersOutstanding(), "buffers back at once");
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        assertEquals(List.of("a", "b"), listener.disconnects.get(0).unsentTokens());
        assertTrue(listener.connected.isEmpty());
    }

    @Test
    void closingTheTransportDuringAHandshakeReleasesTheBuffers() throws Exception {
        LoopbackPeer silent = LoopbackPeer.listen(-1);
        toClose.add(silent);
        NioTransport transport = transport(trustCa());
        transport.connect(NODE, "localhost", silent.port());
        silent.accept();
        pollUntilClientHelloHeader(transport, silent);
        assertEquals(2, transport.tlsBuffersOutstanding());
        transport.close();
        assertEquals(0, transport.tlsBuffersOutstanding());
    }

    @Test
    void reconnectsReuseThePooledBuffers() throws Exception {
        NioTransport transport = transport(trustCa());
        for (int i = 0; i < 3; i++) {
            TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
            connectAndWait(transport, "localhost", peer.port());
            transport.send(NODE, frame(bytes("x" + i), 1), "t" + i);
            int expected = i + 1;
            pollUntil(transport, () -> listener.received.size() == expected);
            transport.disconnect(NODE);
            pollUntil(transport, () -> !listener.disconnects.isEmpty());
            assertEquals(0, transport.tlsBuffersOutstanding());
            listener.connected.clear();
            listener.disconnects.clear();
        }
    }

    @Test
    void anEngineFactoryThatThrowsFailsTheConnectionAsATlsFailure() throws Exception {
        TlsPeer peer = peer(TlsPeer.Options.of(CERTS.broker()));
        NioTransport transport = new NioTransport(-1, -1, MAX_FRAME, (host, port) -> {
            throw new IllegalStateException("no engine today");
        });
        toClose.add(transport);
        transport.connect(NODE, "localhost", peer.port());
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        IOException cause = listener.disconnects.get(0).cause();
        assertInstanceOf(SSLException.class, cause);
        assertTrue(cause.getMessage().contains("no engine today"), cause.getMessage());
        assertEquals(0, transport.tlsBuffersOutstanding());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private SSLHandshakeException handshakeFails(TlsPeer.Options options, Map<String, Object> ssl, String host)
            throws Exception {
        TlsPeer peer = peer(options);
        NioTransport transport = transport(ssl);
        transport.connect(NODE, host, peer.port());
        transport.send(NODE, frame(bytes("queued"), 1), "queued");
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        RecordingListener.Disconnect d = listener.disconnects.get(0);
        assertInstanceOf(SSLHandshakeException.class, d.cause(), String.valueOf(d.cause()));
        assertTrue(d.cause().getMessage().startsWith("node 1 (" + host + ":" + peer.port() + "): TLS handshake failed"),
                d.cause().getMessage());
        assertTrue(listener.connected.isEmpty(), "never reported connected");
        assertEquals(List.of("queued"), d.unsentTokens());
        assertEquals(0, transport.tlsBuffersOutstanding());
        listener.disconnects.clear();
        return (SSLHandshakeException) d.cause();
    }

    private TlsPeer peer(TlsPeer.Options options) throws Exception {
        TlsPeer peer = TlsPeer.start(options);
        toClose.add(peer);
        return peer;
    }

    /** A loopback peer that speaks no TLS (as a plaintext broker), closed after the test. */
    private LoopbackPeer plaintextPeer() throws IOException {
        LoopbackPeer plain = LoopbackPeer.listen(-1);
        toClose.add(plain);
        return plain;
    }

    /**
     * Connects the TLS transport to the plaintext peer and polls until our ClientHello has gone out; returns its record
     * header (5 bytes), which the peer has read.
     */
    private byte[] connectUntilClientHelloSent(NioTransport transport, LoopbackPeer plain) throws Exception {
        transport.connect(NODE, "localhost", plain.port());
        plain.accept();
        return pollUntilClientHelloHeader(transport, plain);
    }

    /** Polls the transport until the peer has read the first 5 bytes we sent (a ClientHello's record header). */
    private byte[] pollUntilClientHelloHeader(NioTransport transport, LoopbackPeer peer) throws Exception {
        CompletableFuture<byte[]> header = CompletableFuture.supplyAsync(() -> {
            try {
                return peer.readFully(5);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        pollUntil(transport, header::isDone);
        return header.get();
    }

    private NioTransport transport(Map<String, Object> ssl) {
        return transport(ssl, -1);
    }

    private NioTransport transport(Map<String, Object> ssl, int socketBufferBytes) {
        Map<String, Object> props = new HashMap<>(ssl);
        props.put("bootstrap.servers", "localhost:9093");
        props.put("security.protocol", "SSL");
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory(ProducerConfig.from(props).security().ssl());
        NioTransport transport = new NioTransport(socketBufferBytes, socketBufferBytes, MAX_FRAME,
                factory::createClientSslEngine);
        toClose.add(transport);
        return transport;
    }

    private void connectAndWait(NioTransport transport, String host, int port) {
        transport.connect(NODE, host, port);
        pollUntil(transport, () -> transport.isConnected(NODE) || !listener.disconnects.isEmpty());
        assertTrue(listener.disconnects.isEmpty(), () -> "failed: " + listener.disconnects.get(0).cause());
        assertTrue(listener.connected.contains(NODE));
    }

    static Map<String, Object> trustCa() {
        Map<String, Object> ssl = new HashMap<>();
        ssl.put("ssl.truststore.location", CERTS.ca().truststorePkcs12().toString());
        ssl.put("ssl.truststore.type", "PKCS12");
        ssl.put("ssl.truststore.password", TestCertificates.TRUSTSTORE_PASSWORD);
        return ssl;
    }

    static Map<String, Object> stores(String kind) {
        Map<String, Object> ssl = new HashMap<>();
        TestCertificates.Identity client = CERTS.client();
        switch (kind) {
            case "JKS", "PKCS12" -> {
                ssl.put("ssl.truststore.type", kind);
                ssl.put("ssl.truststore.location", CERTS.ca().truststore(kind).toString());
                ssl.put("ssl.truststore.password", TestCertificates.TRUSTSTORE_PASSWORD);
                ssl.put("ssl.keystore.type", kind);
                ssl.put("ssl.keystore.location", client.keystore(kind).toString());
                ssl.put("ssl.keystore.password", TestCertificates.KEYSTORE_PASSWORD);
                ssl.put("ssl.key.password", TestCertificates.KEY_PASSWORD);
            }
            case "PEM file", "PEM file encrypted" -> {
                ssl.put("ssl.truststore.type", "PEM");
                ssl.put("ssl.truststore.location", CERTS.ca().certificatePemFile().toString());
                ssl.put("ssl.keystore.type", "PEM");
                boolean encrypted = kind.endsWith("encrypted");
                ssl.put("ssl.keystore.location", (encrypted ? client.encryptedPemKeystoreFile()
                        : client.pemKeystoreFile()).toString());
                if (encrypted) {
                    ssl.put("ssl.key.password", TestCertificates.PEM_KEY_PASSWORD);
                }
            }
            case "PEM text", "PEM text encrypted" -> {
                ssl.put("ssl.truststore.type", "PEM");
                ssl.put("ssl.truststore.certificates", CERTS.ca().certificatePem());
                ssl.put("ssl.keystore.type", "PEM");
                ssl.put("ssl.keystore.certificate.chain", client.certificateChainPem());
                boolean encrypted = kind.endsWith("encrypted");
                ssl.put("ssl.keystore.key", encrypted ? client.encryptedPrivateKeyPem() : client.privateKeyPem());
                if (encrypted) {
                    ssl.put("ssl.key.password", new dev.vltava.producer.Password(TestCertificates.PEM_KEY_PASSWORD));
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return ssl;
    }

    private void pollUntil(Transport transport, BooleanSupplier done) {
        NioTransportTest.pollUntil(transport, listener, done);
    }

    /** A frame whose body is split over {@code parts} buffers after the size prefix. */
    static ByteBuffer[] frame(byte[] body, int parts) {
        ByteBuffer[] buffers = new ByteBuffer[1 + parts];
        buffers[0] = ByteBuffer.allocate(4).putInt(0, body.length);
        int chunk = (body.length + parts - 1) / Math.max(1, parts);
        for (int i = 0; i < parts; i++) {
            int from = Math.min(body.length, i * chunk);
            int to = Math.min(body.length, from + chunk);
            buffers[1 + i] = ByteBuffer.wrap(body, from, to - from).slice();
        }
        return buffers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
