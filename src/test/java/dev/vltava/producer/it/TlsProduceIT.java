package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.SecurityClientProps.StoreFormat;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vltava produces over TLS to a real broker (certificates from {@code TestCertificates}, host-name verification on:
 * the listeners are advertised as localhost and the certificate names it), acks=all, idempotence and lz4; the official
 * consumer, with the same security settings, reads the topic to its end offsets and finds every record.
 */
class TlsProduceIT {
    private static final int RECORDS = 3_000;

    @ParameterizedTest(name = "{0} with {1} stores")
    @CsvSource({"SSL, PKCS12", "SSL, PEM_STRING", "MTLS, PKCS12", "MTLS, JKS", "MTLS, PEM_FILE", "MTLS, PEM_STRING"})
    void producesOverTlsAndTheOfficialConsumerReadsEveryRecord(Listener listener, StoreFormat format) throws Exception {
        SecuredCluster cluster = TestClusters.secured();
        String topic = "tls-" + listener + "-" + format + "-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1);
        Map<String, Object> props = new HashMap<>(cluster.clientProps(listener, format));
        assertTrue(!props.containsKey("ssl.endpoint.identification.algorithm"), "host-name verification stays on");
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("compression.type", "lz4");
        props.put("linger.ms", "5");

        Random random = new Random(RECORDS);
        Map<String, String> sent = new HashMap<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = Producer.<byte[], byte[]>builder().configs(props)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build()) {
            for (int i = 0; i < RECORDS; i++) {
                String key = "key-" + i;
                // Some values larger than one TLS record (16 KiB), most small.
                int size = i % 500 == 0 ? 40_000 + random.nextInt(10_000) : 10 + random.nextInt(200);
                StringBuilder value = new StringBuilder(size);
                for (int c = 0; c < size; c++) {
                    value.append((char) ('a' + random.nextInt(26)));
                }
                sent.put(key, value.toString());
                futures.add(producer.send(new ProducerRecord<>(topic, bytes(key), bytes(value.toString()))));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS); // every record acknowledged, none failed
            }
        }

        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll((String) props.get("bootstrap.servers"),
                topic, Duration.ofSeconds(60), props);
        assertEquals(RECORDS, read.size(), "records in the topic");
        Map<String, String> received = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            received.put(string(r.key()), string(r.value()));
        }
        assertEquals(sent, received);
    }

    /** The KafkaProducer facade with Kafka's own SslEngineFactory class in ssl.engine.factory.class, mutual TLS. */
    @org.junit.jupiter.api.Test
    void theFacadeTakesAKafkaSslEngineFactory() throws Exception {
        SecuredCluster cluster = TestClusters.secured();
        String topic = "tls-facade-engine-factory-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        Map<String, Object> props = new HashMap<>(cluster.clientProps(Listener.MTLS, StoreFormat.JKS));
        props.put("ssl.engine.factory.class", org.apache.kafka.common.security.ssl.DefaultSslEngineFactory.class);
        props.put("acks", "all");
        props.put("compression.type", "lz4");
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> futures = new ArrayList<>();
        try (dev.vltava.producer.compat.VltavaKafkaProducer<byte[], byte[]> producer =
                new dev.vltava.producer.compat.VltavaKafkaProducer<>(props,
                        new org.apache.kafka.common.serialization.ByteArraySerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < 100; i++) {
                futures.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                        bytes("k" + i), bytes("v" + i))));
            }
            producer.flush();
            for (var f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll((String) props.get("bootstrap.servers"),
                topic, Duration.ofSeconds(60), props);
        assertEquals(100, read.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("v" + i, string(read.get(i).value()));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
