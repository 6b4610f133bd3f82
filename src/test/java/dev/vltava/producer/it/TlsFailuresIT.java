package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.SslAuthenticationException;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS misconfigurations against the real broker fail the records with an {@link SslAuthenticationException} that
 * says why, well before delivery.timeout.ms, and close() returns.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsFailuresIT {
    private final SecuredCluster cluster = TestClusters.secured();

    @Test
    void wrongHost() throws Exception {
        assertFailsWith(cluster.clientProps(Listener.SSL_WRONG_HOST), "does not match the host name");
    }

    @Test
    void expiredCertificate() throws Exception {
        assertFailsWith(cluster.clientProps(Listener.SSL_EXPIRED), "expired");
    }

    @Test
    void untrustedCa() throws Exception {
        assertFailsWith(cluster.clientProps(Listener.SSL_UNTRUSTED), "not trusted");
    }

    @Test
    void mutualTlsWithoutACertificate() throws Exception {
        Map<String, Object> props = cluster.clientProps(Listener.SSL);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.MTLS));
        assertFailsWith(props, "refused our certificate");
    }

    @Test
    void tlsClientToAPlaintextListener() throws Exception {
        Map<String, Object> props = cluster.clientProps(Listener.SSL);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.PLAINTEXT));
        assertFailsWith(props, "not a TLS endpoint");
    }

    @Test
    void plaintextClientToATlsListener() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrap(Listener.SSL));
        assertFailsWith(props, "set security.protocol to SSL or SASL_SSL");
    }

    private void assertFailsWith(Map<String, Object> securityProps, String reason) throws Exception {
        String topic = "tls-failure-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        Map<String, Object> props = new HashMap<>(securityProps);
        props.put("delivery.timeout.ms", "120000");
        props.put("max.block.ms", "120000");
        Producer<byte[], byte[]> producer = Producer.<byte[], byte[]>builder().configs(props)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
        try {
            CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, null,
                    "v".getBytes(StandardCharsets.UTF_8)));
            // Well within delivery.timeout.ms: the failure is fatal, not retried until the timeout.
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
            SslAuthenticationException ssl = assertInstanceOf(SslAuthenticationException.class, e.getCause(),
                    String.valueOf(e.getCause()));
            assertTrue(ssl.getMessage().contains(reason), ssl.getMessage());
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
