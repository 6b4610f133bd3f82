package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Password;
import dev.vltava.producer.testkit.TestCertificates;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The facade takes a Kafka SslEngineFactory in ssl.engine.factory.class, and Kafka's Password type for secrets. */
class KafkaSslEngineFactoryAdapterTest {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @Test
    void aKafkaEngineFactoryIsConfiguredAsKafkaDoesAndAdapted() {
        Map<String, Object> configs = sslConfigs();
        configs.put("ssl.engine.factory.class", DefaultSslEngineFactory.class.getName());
        CompatPlugins<byte[], byte[]> plugins = CompatPlugins.resolve(configs, null, null);
        try {
            Object factory = plugins.vltavaConfigs.get("ssl.engine.factory.class");
            KafkaSslEngineFactoryAdapter adapter = assertInstanceOf(KafkaSslEngineFactoryAdapter.class, factory);
            assertInstanceOf(DefaultSslEngineFactory.class, adapter.kafkaFactory());
            SSLEngine engine = adapter.createClientSslEngine("localhost", 9093);
            assertTrue(engine.getUseClientMode());
            assertEquals("localhost", engine.getPeerHost());
            assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm().toUpperCase());
            assertTrue(adapter.kafkaFactory().truststore() != null, "Kafka's factory read our trust store");
        } finally {
            plugins.closeCreated(new RuntimeException("test cleanup"));
        }
    }

    @Test
    void kafkaPasswordsBecomeVltavaPasswords() {
        Map<String, Object> configs = sslConfigs();
        configs.put("ssl.truststore.password",
                new org.apache.kafka.common.config.types.Password(TestCertificates.TRUSTSTORE_PASSWORD));
        CompatPlugins<byte[], byte[]> plugins = CompatPlugins.resolve(configs, null, null);
        Object password = plugins.vltavaConfigs.get("ssl.truststore.password");
        assertEquals(new Password(TestCertificates.TRUSTSTORE_PASSWORD), password);
        assertEquals(TestCertificates.TRUSTSTORE_PASSWORD, plugins.config.security().ssl().truststorePassword().value());
        assertFalse(plugins.config.toString().contains(TestCertificates.TRUSTSTORE_PASSWORD));
    }

    @Test
    void aVltavaEngineFactoryIsLeftToVltava() {
        Map<String, Object> configs = sslConfigs();
        configs.put("ssl.engine.factory.class", "dev.vltava.producer.internal.security.DefaultSslEngineFactory");
        CompatPlugins<byte[], byte[]> plugins = CompatPlugins.resolve(configs, null, null);
        assertEquals("dev.vltava.producer.internal.security.DefaultSslEngineFactory",
                plugins.vltavaConfigs.get("ssl.engine.factory.class"));
    }

    private static Map<String, Object> sslConfigs() {
        Map<String, Object> configs = new HashMap<>();
        configs.put("bootstrap.servers", "localhost:9093");
        configs.put("security.protocol", "SSL");
        configs.put("ssl.truststore.type", "PKCS12");
        configs.put("ssl.truststore.location", CERTS.ca().truststorePkcs12().toString());
        configs.put("ssl.truststore.password", TestCertificates.TRUSTSTORE_PASSWORD);
        configs.put("key.serializer", ByteArraySerializer.class);
        configs.put("value.serializer", ByteArraySerializer.class);
        return configs;
    }
}
