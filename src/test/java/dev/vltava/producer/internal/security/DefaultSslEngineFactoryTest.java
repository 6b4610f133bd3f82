package dev.vltava.producer.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.SslConfig;
import dev.vltava.producer.SslEngineFactory;
import dev.vltava.producer.testkit.TestCertificates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** Store loading and engine settings of the built-in factory, and the choice of a user's factory. */
class DefaultSslEngineFactoryTest {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @Test
    void enginesAreClientEnginesForTheHostAsGivenWithHostNameVerification() {
        SSLEngine engine = new DefaultSslEngineFactory(ssl(trustCa())).createClientSslEngine("broker-1.example", 9093);
        assertTrue(engine.getUseClientMode());
        assertEquals("broker-1.example", engine.getPeerHost());
        assertEquals(9093, engine.getPeerPort());
        assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm().toUpperCase());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(engine.getEnabledProtocols()));
    }

    @Test
    void emptyIdentificationAlgorithmTurnsHostNameVerificationOff() {
        Map<String, Object> props = trustCa();
        props.put("ssl.endpoint.identification.algorithm", "");
        SSLEngine engine = new DefaultSslEngineFactory(ssl(props)).createClientSslEngine("localhost", 9093);
        assertNull(engine.getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void cipherSuitesAndProtocolsAreApplied() {
        Map<String, Object> props = trustCa();
        props.put("ssl.enabled.protocols", "TLSv1.2");
        props.put("ssl.cipher.suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        SSLEngine engine = new DefaultSslEngineFactory(ssl(props)).createClientSslEngine("localhost", 9093);
        assertEquals(List.of("TLSv1.2"), List.of(engine.getEnabledProtocols()));
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), List.of(engine.getEnabledCipherSuites()));
    }

    @Test
    void unknownProtocolIsAConfigError() {
        Map<String, Object> props = trustCa();
        props.put("ssl.enabled.protocols", "TLSv9");
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertEquals(List.of("ssl.enabled.protocols"), e.keys());
        Map<String, Object> badContext = trustCa();
        badContext.put("ssl.protocol", "TLSv9");
        assertEquals(List.of("ssl.protocol"),
                assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(badContext))).keys());
    }

    @Test
    void wrongKeystorePasswordNamesTheFileAndSaysSoWithoutShowingIt() {
        for (String type : List.of("JKS", "PKCS12")) {
            Map<String, Object> props = keystore(type);
            props.put("ssl.keystore.password", "not-the-password-xyz");
            ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
            assertTrue(e.getMessage().contains(CERTS.client().keystore(type).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("password in ssl.keystore.password is wrong"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password-xyz"));
            assertTrue(e.keys().contains("ssl.keystore.password"), e.keys().toString());
        }
    }

    @Test
    void wrongTruststorePasswordNamesTheFile() {
        Map<String, Object> props = trustCa();
        props.put("ssl.truststore.password", "not-the-password-xyz");
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(e.getMessage().contains(CERTS.ca().truststorePkcs12().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("password in ssl.truststore.password is wrong"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password-xyz"));
    }

    @Test
    void wrongKeyPasswordNamesSslKeyPassword() {
        Map<String, Object> props = keystore("PKCS12");
        props.put("ssl.key.password", "not-the-password-xyz");
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(e.getMessage().contains("password in ssl.key.password is wrong"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password-xyz"));
    }

    @Test
    void missingStoreFileIsNamed() {
        Map<String, Object> props = trustCa();
        props.put("ssl.truststore.location", "/no/such/truststore.p12");
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(e.getMessage().contains("'/no/such/truststore.p12': no such file"), e.getMessage());
        assertEquals(List.of("ssl.truststore.location"), e.keys());
    }

    @Test
    void encryptedPemKeyNeedsTheRightKeyPassword() {
        Map<String, Object> props = pemText(CERTS.client().encryptedPrivateKeyPem());
        ConfigException missing = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(missing.getMessage().contains("encrypted but no key password"), missing.getMessage());
        props.put("ssl.key.password", "not-the-password-xyz");
        ConfigException wrong = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(wrong.getMessage().contains("key password is wrong"), wrong.getMessage());
        assertTrue(wrong.keys().contains("ssl.key.password"), wrong.keys().toString());
        assertFalse(wrong.getMessage().contains("not-the-password-xyz"));
        assertFalse(wrong.getMessage().contains("PRIVATE KEY-----\n"), "the key text is never echoed");
        props.put("ssl.key.password", TestCertificates.PEM_KEY_PASSWORD);
        new DefaultSslEngineFactory(ssl(props)).createClientSslEngine("localhost", 1);
    }

    @Test
    void pemTextThatIsNotPemSaysWhatIsMissing() {
        Map<String, Object> props = trustCa();
        props.remove("ssl.truststore.location");
        props.remove("ssl.truststore.password");
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.certificates", "not a certificate");
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(e.getMessage().contains("no '-----BEGIN CERTIFICATE-----' block"), e.getMessage());
        assertEquals(List.of("ssl.truststore.certificates"), e.keys());
    }

    @Test
    void aStoreOfAnotherTypeThanConfiguredIsExplained() {
        Map<String, Object> props = trustCa();
        props.put("ssl.truststore.location", CERTS.ca().certificatePemFile().toString()); // PEM, typed PKCS12
        ConfigException e = assertThrows(ConfigException.class, () -> new DefaultSslEngineFactory(ssl(props)));
        assertTrue(e.getMessage().contains("as a PKCS12 store"), e.getMessage());
    }

    @Test
    void aUserFactoryIsCreatedByNameAndConfigured() {
        Map<String, Object> props = trustCa();
        props.put("ssl.engine.factory.class", RecordingFactory.class.getName());
        props.put("custom.setting", "x");
        ProducerConfig config = config(props);
        SslEngineFactory factory = SslEngineFactories.create(config.security().ssl(), config.originals());
        assertTrue(factory instanceof RecordingFactory);
        assertEquals("x", ((RecordingFactory) factory).configs.get("custom.setting"));
        assertSame(RecordingFactory.ENGINE_MARKER, factory.createClientSslEngine("h", 1).getPeerHost());
    }

    @Test
    void aClassThatIsNoFactoryIsAConfigError() {
        Map<String, Object> props = trustCa();
        props.put("ssl.engine.factory.class", String.class);
        ProducerConfig config = config(props);
        ConfigException e = assertThrows(ConfigException.class,
                () -> SslEngineFactories.create(config.security().ssl(), config.originals()));
        assertEquals(List.of("ssl.engine.factory.class"), e.keys());
    }

    @Test
    void withoutAFactoryClassTheBuiltInOneIsUsed() {
        ProducerConfig config = config(trustCa());
        assertTrue(SslEngineFactories.create(config.security().ssl(), config.originals())
                instanceof DefaultSslEngineFactory);
    }

    /** A user factory for the tests above. */
    public static final class RecordingFactory implements SslEngineFactory {
        static final String ENGINE_MARKER = "made-by-recording-factory";
        Map<String, ?> configs;

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
        }

        @Override
        public SSLEngine createClientSslEngine(String peerHost, int peerPort) {
            try {
                return javax.net.ssl.SSLContext.getDefault().createSSLEngine(ENGINE_MARKER, peerPort);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, Object> trustCa() {
        Map<String, Object> props = new HashMap<>();
        props.put("ssl.truststore.location", CERTS.ca().truststorePkcs12().toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", TestCertificates.TRUSTSTORE_PASSWORD);
        return props;
    }

    private static Map<String, Object> keystore(String type) {
        Map<String, Object> props = trustCa();
        props.put("ssl.keystore.type", type);
        props.put("ssl.keystore.location", CERTS.client().keystore(type).toString());
        props.put("ssl.keystore.password", TestCertificates.KEYSTORE_PASSWORD);
        props.put("ssl.key.password", TestCertificates.KEY_PASSWORD);
        return props;
    }

    private static Map<String, Object> pemText(String key) {
        Map<String, Object> props = trustCa();
        props.put("ssl.keystore.certificate.chain", CERTS.client().certificateChainPem());
        props.put("ssl.keystore.key", key);
        return props;
    }

    private static SslConfig ssl(Map<String, Object> props) {
        return config(props).security().ssl();
    }

    private static ProducerConfig config(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("bootstrap.servers", "localhost:9093");
        all.put("security.protocol", "SSL");
        return ProducerConfig.from(all);
    }
}
