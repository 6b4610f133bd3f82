package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.TestCertificates.Authority;
import dev.vltava.producer.testkit.TestCertificates.Identity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated certificates are what their names promise: stores open with the documented passwords, chains lead to
 * the right CA, names and validity are as intended, and real TLS handshakes (JDK engines in memory, and the official
 * client's engine factory for the PEM forms) succeed or fail exactly where the secured-broker tests rely on it.
 */
class TestCertificatesTest {
    private static final TestCertificates CERTS = TestCertificates.shared();

    @Test
    void isMadeOncePerJvm() {
        assertSame(CERTS, TestCertificates.shared());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void everyKeystoreHoldsItsKeyUnderTheKeyPasswordWithTheChainToItsCa(String type) throws Exception {
        for (Identity id : identities()) {
            KeyStore ks = TestCertificates.load(id.keystore(type), type, TestCertificates.KEYSTORE_PASSWORD);
            assertEquals(List.of(TestCertificates.ALIAS), java.util.Collections.list(ks.aliases()), id.name());
            assertThrows(UnrecoverableKeyException.class,
                    () -> ks.getKey(TestCertificates.ALIAS, TestCertificates.KEYSTORE_PASSWORD.toCharArray()),
                    id.name() + ": the key password is not the store password");
            PrivateKey key = (PrivateKey) ks.getKey(TestCertificates.ALIAS,
                    TestCertificates.KEY_PASSWORD.toCharArray());
            assertEquals(id.chain(), Arrays.asList(ks.getCertificateChain(TestCertificates.ALIAS)), id.name());
            assertKeyMatches(key, id.certificate(), id.name());
            Authority issuer = id == CERTS.untrustedBroker() ? CERTS.untrustedCa() : CERTS.ca();
            assertEquals(issuer.certificate(), id.chain().get(1), id.name() + " chain ends at its CA");
            id.certificate().verify(issuer.certificate().getPublicKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void truststoresHoldTheirCaOnly(String type) throws Exception {
        for (Authority ca : List.of(CERTS.ca(), CERTS.untrustedCa())) {
            KeyStore ts = TestCertificates.load(ca.truststore(type), type, TestCertificates.TRUSTSTORE_PASSWORD);
            assertEquals(List.of(TestCertificates.ALIAS), java.util.Collections.list(ts.aliases()));
            assertTrue(ts.isCertificateEntry(TestCertificates.ALIAS));
            assertEquals(ca.certificate(), ts.getCertificate(TestCertificates.ALIAS));
            assertTrue(ca.certificate().getBasicConstraints() >= 0, ca.name() + " is a CA");
        }
        assertFalse(CERTS.ca().certificate().equals(CERTS.untrustedCa().certificate()));
    }

    @Test
    void namesAreAsIntended() throws Exception {
        List<List<?>> localhost = List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertEquals(localhost, sans(CERTS.broker().certificate()));
        assertEquals(localhost, sans(CERTS.expiredBroker().certificate()));
        assertEquals(localhost, sans(CERTS.untrustedBroker().certificate()));
        assertEquals(List.of(List.of(2, "wrong.example")), sans(CERTS.wrongHostBroker().certificate()));
        assertEquals(List.of(), sans(CERTS.client().certificate()));
    }

    @Test
    void onlyTheExpiredCertificateIsOutOfDate() throws Exception {
        for (Identity id : identities()) {
            if (id != CERTS.expiredBroker()) {
                id.certificate().checkValidity();
                assertTrue(id.certificate().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(365))),
                        id.name() + " stays valid for years");
            }
        }
        assertThrows(CertificateExpiredException.class, () -> CERTS.expiredBroker().certificate().checkValidity());
        CERTS.ca().certificate().checkValidity(CERTS.expiredBroker().certificate().getNotBefore());
    }

    @Test
    void pemFilesMatchTheStringsAndTheStores() throws Exception {
        for (Identity id : identities()) {
            assertEquals(id.certificateChainPem(), Files.readString(id.certificateChainPemFile()));
            assertEquals(id.privateKeyPem(), Files.readString(id.privateKeyPemFile()));
            assertEquals(id.encryptedPrivateKeyPem(), Files.readString(id.encryptedPrivateKeyPemFile()));
            assertEquals(id.privateKeyPem() + id.certificateChainPem(), Files.readString(id.pemKeystoreFile()));
            assertEquals(id.encryptedPrivateKeyPem() + id.certificateChainPem(),
                    Files.readString(id.encryptedPemKeystoreFile()));
            assertTrue(id.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), id.name());
            assertTrue(id.encryptedPrivateKeyPem().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), id.name());
            assertEquals(2, id.certificateChainPem().split("-----BEGIN CERTIFICATE-----", -1).length - 1);
            assertFalse(id.toString().contains("PRIVATE"), "toString names the identity only");
        }
        assertEquals(CERTS.ca().certificatePem(), Files.readString(CERTS.ca().certificatePemFile()));
    }

    @Test
    void encryptedPemKeyNeedsItsPassword() throws Exception {
        Identity client = CERTS.client();
        Map<String, Object> props = officialPemClient(client, client.encryptedPrivateKeyPem(),
                TestCertificates.PEM_KEY_PASSWORD);
        DefaultSslEngineFactory good = new DefaultSslEngineFactory();
        good.configure(withDefaults(props));
        PrivateKey key = (PrivateKey) good.keystore().getKey("kafka", TestCertificates.PEM_KEY_PASSWORD.toCharArray());
        assertArrayEquals(plainKey(client).getEncoded(), key.getEncoded(), "the decrypted key is the client's key");
        good.close();

        props.put("ssl.key.password", "not-the-password");
        DefaultSslEngineFactory bad = new DefaultSslEngineFactory();
        Exception e = assertThrows(Exception.class, () -> bad.configure(withDefaults(props)));
        assertNotNull(e.getMessage());
    }

    @Test
    void brokerCertificatePassesHostNameVerificationForLocalhostAndItsIp() throws Exception {
        for (String host : List.of("localhost", "127.0.0.1")) {
            assertDoesNotThrow(() -> handshake(clientContext(null), serverContext(CERTS.broker(), "JKS"), host, false),
                    host);
        }
    }

    @Test
    void handshakesFailWhereTheNegativeTestsNeedThem() throws Exception {
        SSLContext client = clientContext(null);
        assertHandshakeFails(client, CERTS.wrongHostBroker(), false, "No subject alternative DNS name");
        assertHandshakeFails(client, CERTS.expiredBroker(), false, "validity check failed");
        assertHandshakeFails(client, CERTS.untrustedBroker(), false, "unable to find valid certification path");
        // host name verification on with an IP whose certificate names only wrong.example
        SSLException ip = assertThrows(SSLException.class, () -> handshake(client,
                serverContext(CERTS.wrongHostBroker(), "PKCS12"), "127.0.0.1", false));
        assertTrue(causes(ip).contains("No subject alternative names matching IP address"), causes(ip));
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        assertDoesNotThrow(() -> handshake(clientContext(CERTS.client()), serverContext(CERTS.broker(), "PKCS12"),
                "localhost", true));
        SSLException none = assertThrows(SSLException.class, () -> handshake(clientContext(null),
                serverContext(CERTS.broker(), "PKCS12"), "localhost", true));
        assertTrue(causes(none).contains("Empty client certificate chain")
                || causes(none).contains("certificate_required"), causes(none));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strings", "file", "encrypted-strings", "encrypted-file"})
    void theOfficialClientTrustsTheBrokerAndPresentsTheClientCertificateFromPem(String form) throws Exception {
        Identity client = CERTS.client();
        Map<String, Object> props = switch (form) {
            case "strings" -> officialPemClient(client, client.privateKeyPem(), null);
            case "encrypted-strings" -> officialPemClient(client, client.encryptedPrivateKeyPem(),
                    TestCertificates.PEM_KEY_PASSWORD);
            case "file" -> officialPemFileClient(client.pemKeystoreFile().toString(), null);
            default -> officialPemFileClient(client.encryptedPemKeystoreFile().toString(),
                    TestCertificates.PEM_KEY_PASSWORD);
        };
        DefaultSslEngineFactory official = new DefaultSslEngineFactory();
        official.configure(withDefaults(props));
        try {
            SSLEngine engine = official.createClientSslEngine("localhost", 9093, "https");
            SSLContext server = serverContext(CERTS.broker(), "JKS");
            assertDoesNotThrow(() -> handshake(engine, serverEngine(server, true)));
        } finally {
            official.close();
        }
    }

    // ---- helpers

    private static List<Identity> identities() {
        return List.of(CERTS.broker(), CERTS.client(), CERTS.wrongHostBroker(), CERTS.expiredBroker(),
                CERTS.untrustedBroker());
    }

    private static PrivateKey plainKey(Identity id) throws GeneralSecurityException {
        return (PrivateKey) TestCertificates.load(id.keystorePkcs12(), "PKCS12", TestCertificates.KEYSTORE_PASSWORD)
                .getKey(TestCertificates.ALIAS, TestCertificates.KEY_PASSWORD.toCharArray());
    }

    private static void assertKeyMatches(PrivateKey key, X509Certificate cert, String what) throws Exception {
        byte[] data = what.getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(data);
        assertTrue(verifier.verify(sig), what + ": the key belongs to the certificate");
    }

    private static List<List<?>> sans(X509Certificate cert) throws Exception {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null ? List.of() : new ArrayList<>(names);
    }

    private static Map<String, Object> officialPemClient(Identity id, String keyPem, String keyPassword) {
        Map<String, Object> p = new HashMap<>();
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", CERTS.ca().certificatePem());
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", id.certificateChainPem());
        p.put("ssl.keystore.key", keyPem);
        if (keyPassword != null) {
            p.put("ssl.key.password", keyPassword);
        }
        return p;
    }

    private static Map<String, Object> officialPemFileClient(String keystoreFile, String keyPassword) {
        Map<String, Object> p = new HashMap<>();
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", CERTS.ca().certificatePemFile().toString());
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", keystoreFile);
        if (keyPassword != null) {
            p.put("ssl.key.password", keyPassword);
        }
        return p;
    }

    private static Map<String, Object> withDefaults(Map<String, Object> props) {
        return new HashMap<>(new ConfigDef().withClientSslSupport().parse(props));
    }

    private static SSLContext clientContext(Identity clientIdentity) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TestCertificates.load(CERTS.ca().truststorePkcs12(), "PKCS12", TestCertificates.TRUSTSTORE_PASSWORD));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(clientIdentity == null ? null : keyManagers(clientIdentity, "PKCS12").getKeyManagers(),
                tmf.getTrustManagers(), null);
        return ctx;
    }

    private static SSLContext serverContext(Identity identity, String type) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TestCertificates.load(CERTS.ca().truststore(type), type, TestCertificates.TRUSTSTORE_PASSWORD));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(identity, type).getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyManagerFactory keyManagers(Identity id, String type) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(TestCertificates.load(id.keystore(type), type, TestCertificates.KEYSTORE_PASSWORD),
                TestCertificates.KEY_PASSWORD.toCharArray());
        return kmf;
    }

    private static void assertHandshakeFails(SSLContext client, Identity serverIdentity, boolean clientAuth,
            String reason) throws Exception {
        SSLException e = assertThrows(SSLHandshakeException.class,
                () -> handshake(client, serverContext(serverIdentity, "JKS"), "localhost", clientAuth),
                serverIdentity.name());
        assertTrue(causes(e).contains(reason), serverIdentity.name() + ": " + causes(e));
    }

    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }

    private static void handshake(SSLContext client, SSLContext server, String host, boolean clientAuth)
            throws SSLException {
        SSLEngine c = client.createSSLEngine(host, 9093);
        c.setUseClientMode(true);
        SSLParameters params = c.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        c.setSSLParameters(params);
        handshake(c, serverEngine(server, clientAuth));
    }

    private static SSLEngine serverEngine(SSLContext server, boolean clientAuth) {
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        s.setNeedClientAuth(clientAuth);
        return s;
    }

    /** Drives both engines over in-memory buffers until both finished the handshake; throws the first failure. */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(4 * size);
        ByteBuffer toClient = ByteBuffer.allocate(4 * size);
        ByteBuffer app = ByteBuffer.allocate(4 * client.getSession().getApplicationBufferSize());
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 10_000; step++) {
            if (done(client) && done(server)) {
                return;
            }
            step(client, toClient, toServer, app);
            step(server, toServer, toClient, app);
        }
        throw new AssertionError("handshake made no progress: client " + client.getHandshakeStatus() + ", server "
                + server.getHandshakeStatus());
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_TASK -> {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                try {
                    app.clear();
                    engine.unwrap(in, app);
                } finally {
                    in.compact();
                }
            }
            default -> {
                // finished on this side: the peer may still need what was written
            }
        }
    }
}
