package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ssl.*} settings: defaults, secrets kept hidden, and the combinations rejected up front. */
class SslConfigTest {

    private static final String SECRET = "s3cret-value-never-shown";

    @Test
    void defaultsAreKafkas() {
        SslConfig ssl = config().security().ssl();
        assertEquals("TLSv1.3", ssl.protocol());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), ssl.enabledProtocols());
        assertEquals(List.of(), ssl.cipherSuites());
        assertEquals("https", ssl.endpointIdentificationAlgorithm());
        assertTrue(ssl.verifiesHostName());
        assertEquals("JKS", ssl.truststoreType());
        assertEquals("JKS", ssl.keystoreType());
        assertNull(ssl.truststoreLocation());
        assertFalse(ssl.hasKeystore());
        assertNull(ssl.engineFactoryClass());
    }

    @Test
    void emptyEndpointIdentificationTurnsHostNameVerificationOff() {
        assertFalse(config("ssl.endpoint.identification.algorithm", "").security().ssl().verifiesHostName());
    }

    @Test
    void secretsAreHeldAsPasswordsAndNeverPrinted() {
        ProducerConfig c = config("ssl.keystore.location", "/k.p12", "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", SECRET, "ssl.key.password", new Password(SECRET),
                "ssl.truststore.location", "/t.p12", "ssl.truststore.password", SECRET);
        SslConfig ssl = c.security().ssl();
        assertEquals(SECRET, ssl.keystorePassword().value());
        assertEquals(SECRET, ssl.keyPassword().value());
        assertTrue(c.values().get("ssl.keystore.password") instanceof Password);
        assertFalse(c.toString().contains(SECRET), c.toString());
        assertFalse(ssl.toString().contains(SECRET), ssl.toString());
        ProducerConfig pem = config("ssl.keystore.key", SECRET, "ssl.keystore.certificate.chain", "chain");
        assertFalse(pem.toString().contains(SECRET), pem.toString());
        assertFalse(pem.security().ssl().toString().contains(SECRET));
    }

    @Test
    void pemKeyWithoutChainIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.keystore.key", SECRET));
        assertEquals(List.of("ssl.keystore.key", "ssl.keystore.certificate.chain"), e.keys());
        assertTrue(e.getMessage().contains("without ssl.keystore.certificate.chain"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void pemChainWithoutKeyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> config("ssl.keystore.certificate.chain", "chain"));
        assertTrue(e.keys().contains("ssl.keystore.key"), e.keys().toString());
    }

    @Test
    void pemTextWithAnotherStoreTypeIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.keystore.key", SECRET,
                "ssl.keystore.certificate.chain", "c", "ssl.keystore.type", "PKCS12"));
        assertTrue(e.keys().contains("ssl.keystore.type"), e.keys().toString());
        ConfigException t = assertThrows(ConfigException.class, () -> config("ssl.truststore.certificates", "c",
                "ssl.truststore.type", "JKS"));
        assertTrue(t.keys().contains("ssl.truststore.type"), t.keys().toString());
    }

    @Test
    void pemKeyAndKeystoreLocationTogetherAreRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.keystore.key", SECRET,
                "ssl.keystore.certificate.chain", "c", "ssl.keystore.location", "/x.pem"));
        assertTrue(e.keys().contains("ssl.keystore.location"), e.keys().toString());
    }

    @Test
    void truststoreCertificatesAndLocationTogetherAreRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.truststore.certificates", "c",
                "ssl.truststore.location", "/t.pem"));
        assertEquals(List.of("ssl.truststore.certificates", "ssl.truststore.location"), e.keys());
    }

    @Test
    void pemTruststoreWithPasswordIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/t.pem", "ssl.truststore.password", SECRET));
        assertTrue(e.keys().contains("ssl.truststore.password"));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void fileKeystoreWithoutPasswordIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.keystore.location", "/k.jks"));
        assertTrue(e.keys().contains("ssl.keystore.password"), e.keys().toString());
    }

    @Test
    void keyPasswordWithoutKeystoreIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.key.password", SECRET));
        assertTrue(e.keys().contains("ssl.key.password"), e.keys().toString());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void aPasswordOfAnotherTypeIsRejectedWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("ssl.truststore.location", "/t",
                "ssl.truststore.password", new StringBuilder(SECRET)));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void combinationsAreNotCheckedWhenTlsIsNotUsed() {
        // Kafka ignores ssl.* on a plaintext connection; a property file with stale ssl.* values keeps working.
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("ssl.keystore.key", SECRET);
        props.put("ssl.keystore.location", "/k.jks");
        assertEquals(SecurityConfig.Protocol.PLAINTEXT, ProducerConfig.from(props).security().protocol());
    }

    @Test
    void emptyProtocolIsRejected() {
        assertThrows(ConfigException.class, () -> config("ssl.protocol", ""));
    }

    private static ProducerConfig config(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9093");
        props.put("security.protocol", "SSL");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ProducerConfig.from(props);
    }
}
