package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Compression;
import dev.vltava.producer.Password;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.SaslAuthenticationException;
import dev.vltava.producer.SecurityConfig;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.SaslMechanism;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.StderrTap;
import dev.vltava.producer.testkit.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Vltava over SASL_PLAINTEXT and SASL_SSL against a real secured broker (the fixture's {@link SecuredCluster}): every mechanism
 * produces with acks=all, idempotence and lz4, read back with the official consumer; wrong credentials and a
 * mechanism the listener does not enable fail fast with SaslAuthenticationException (not a timeout) and close()
 * returns; on a listener whose sessions last 3 s the producer re-authenticates on its connections (KIP-368).
 */
@ExtendWith(BrokerLogsOnFailure.class)
class SaslIT {
    private static final int RECORDS = 300;

    private final SecuredCluster cluster = TestClusters.secured();

    private Producer<String, String> producer(Map<String, Object> props, String clientId) {
        return Producer.<String, String>builder().configs(props).clientId(clientId)
                .acks(dev.vltava.producer.Acks.ALL).enableIdempotence(true).compression(Compression.LZ4)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build();
    }

    private void produceAndVerify(String topic, Producer<String, String> producer, Map<String, Object> readProps)
            throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
        }
        producer.flush();
        for (CompletableFuture<RecordMetadata> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> extra = new HashMap<>(readProps);
        extra.remove("bootstrap.servers");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(
                (String) readProps.get("bootstrap.servers"), topic, Duration.ofSeconds(60), extra);
        assertEquals(RECORDS, read.size());
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(RECORDS, values.size(), "each record once");
    }

    @ParameterizedTest
    @EnumSource(SaslMechanism.class)
    void eachMechanismProducesOverSaslPlaintext(SaslMechanism mechanism) throws Exception {
        String topic = "sasl-it-" + mechanism + "-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1);
        Map<String, Object> props = cluster.clientProps(Listener.SASL_PLAINTEXT, mechanism);
        try (Producer<String, String> p = producer(props, "sasl-" + mechanism)) {
            produceAndVerify(topic, p, props);
        }
    }

    @ParameterizedTest
    @EnumSource(SaslMechanism.class)
    void eachMechanismProducesOverSaslSslWithHostNameVerification(SaslMechanism mechanism) throws Exception {
        String topic = "sasl-ssl-it-" + mechanism + "-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1);
        Map<String, Object> props = cluster.clientProps(Listener.SASL_SSL, mechanism);
        assertEquals("SASL_SSL", props.get("security.protocol"));
        try (Producer<String, String> p = producer(props, "sasl-ssl-" + mechanism)) {
            produceAndVerify(topic, p, props);
        }
    }

    @Test
    void typedBuilderOptionsAuthenticateToo() throws Exception {
        String topic = "sasl-it-typed-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        Map<String, Object> props = cluster.clientProps(Listener.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512);
        try (Producer<String, String> p = Producer.<String, String>builder()
                .bootstrapServers((String) props.get("bootstrap.servers"))
                .securityProtocol(SecurityConfig.Protocol.SASL_PLAINTEXT)
                .saslScram("SCRAM-SHA-512", SecuredCluster.USER, new Password(SecuredCluster.PASSWORD))
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            produceAndVerify(topic, p, props);
        }
    }

    private void failsFastWithSaslAuthentication(Map<String, Object> props, String password,
            String expectedInMessage) throws Exception {
        String topic = "sasl-it-negative-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        StderrTap tap = StderrTap.install();
        Producer<String, String> p = producer(props, "sasl-negative");
        try {
            CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>(topic, "k", "v"));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> f.get(5, TimeUnit.MINUTES));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains(expectedInMessage), e.getCause().getMessage());
            assertFalse(e.getCause().getMessage().contains(password));
            assertFalse(p.toString().contains(password));
        } finally {
            p.close(); // returns (the test would hang here otherwise)
            tap.flush();
            tap.close();
        }
        assertEquals(List.of(), tap.linesWith(password), "no log line holds the password");
        assertTrue(tap.linesWith("sasl-negative", expectedInMessage).size() >= 1, "the failure is logged");
    }

    @Test
    void aWrongPasswordFailsFast() throws Exception {
        failsFastWithSaslAuthentication(cluster.clientProps(Listener.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_256,
                SecuredCluster.USER, "not-the-password"), "not-the-password", "SASL_AUTHENTICATION_FAILED");
    }

    @Test
    void anUnknownUserFailsFast() throws Exception {
        failsFastWithSaslAuthentication(cluster.clientProps(Listener.SASL_PLAINTEXT, SaslMechanism.PLAIN,
                "mallory", "mallorys-password"), "mallorys-password", "SASL_AUTHENTICATION_FAILED");
    }

    @Test
    void aMechanismTheListenerDoesNotEnableFailsFastNamingTheEnabledOnes() throws Exception {
        failsFastWithSaslAuthentication(cluster.clientProps(Listener.SASL_PLAIN_ONLY, SaslMechanism.SCRAM_SHA_512),
                SecuredCluster.PASSWORD, "[PLAIN]");
    }

    @Test
    void connectionsReauthenticateBeforeTheirSessionEnds() throws Exception {
        String topic = "sasl-it-reauth-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        String clientId = "sasl-reauth-" + System.nanoTime();
        Map<String, Object> props = cluster.clientProps(Listener.SASL_REAUTH, SaslMechanism.SCRAM_SHA_256);
        try (StderrTap tap = StderrTap.install();
             Producer<String, String> p = producer(props, clientId)) {
            // Records keep flowing for three session lifetimes: each connection must re-authenticate (the broker
            // closes a connection whose session expired as soon as a request arrives on it).
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * SecuredCluster.REAUTH_MS + 500);
            int sent = 0;
            while (System.nanoTime() < end) {
                p.send(new ProducerRecord<>(topic, "k", "v" + sent++)).get(60, TimeUnit.SECONDS);
            }
            tap.flush();
            List<String> reauths = tap.linesWith(clientId, "re-authenticated with");
            assertTrue(reauths.size() >= 2, "re-authentications: " + reauths);
            assertEquals(List.of(), tap.linesWith(clientId, "disconnected from"), "no connection was lost");
            assertEquals(sent, OfficialClients.readAll(cluster.bootstrap(Listener.PLAINTEXT), topic,
                    Duration.ofSeconds(60)).size());
        }
    }
}
