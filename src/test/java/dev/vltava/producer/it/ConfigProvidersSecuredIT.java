package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.SaslMechanism;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.TestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets out of config against the secured broker: the truststore, keystore and key passwords and the JAAS line come
 * from the file and directory providers, never from the configuration itself. The same settings work for Vltava, the
 * facade and the official consumer that reads the records back.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class ConfigProvidersSecuredIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The listener's ready-made settings with every secret replaced by a reference to a file or directory. */
    private Map<String, Object> throughProviders(Map<String, Object> props) throws IOException {
        Path file = dir.resolve("client-secrets.properties");
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        StringBuilder properties = new StringBuilder();
        for (String key : List.of("ssl.truststore.password", "ssl.keystore.password", "ssl.key.password")) {
            Object value = props.get(key);
            if (value != null) {
                properties.append(key).append('=').append(value).append('\n');
                props.put(key, "${file:" + file + ":" + key + "}");
            }
        }
        Files.writeString(file, properties.toString(), StandardCharsets.UTF_8);
        Object jaas = props.get("sasl.jaas.config");
        if (jaas != null) {
            Files.writeString(secrets.resolve("jaas"), jaas.toString(), StandardCharsets.UTF_8);
            props.put("sasl.jaas.config", "${dir:" + secrets + ":jaas}");
        }
        props.put("config.providers", "file,dir");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        props.put("config.providers.file.param.allowed.paths", dir.toString());
        return props;
    }

    @Test
    void saslSslWithTheJaasLineAndTruststorePasswordFromProviders() throws Exception {
        SecuredCluster cluster = TestClusters.secured();
        roundTrip(cluster, "providers-sasl-ssl", throughProviders(cluster.clientProps(Listener.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512)));
    }

    @Test
    void mutualTlsWithStorePasswordsFromProviders() throws Exception {
        SecuredCluster cluster = TestClusters.secured();
        Map<String, Object> props = cluster.clientProps(Listener.SSL);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.MTLS));
        props.putAll(dev.vltava.producer.testkit.SecurityClientProps.keystore(cluster.certificates().client(),
                dev.vltava.producer.testkit.SecurityClientProps.StoreFormat.PKCS12, true));
        roundTrip(cluster, "providers-mtls", throughProviders(props));
    }

    private static void roundTrip(SecuredCluster cluster, String topicPrefix, Map<String, Object> props)
            throws Exception {
        String topic = topicPrefix + "-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        try (Producer<String, String> producer = Producer.<String, String>builder().configs(props)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "native-" + i)));
            }
            for (CompletableFuture<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> facadeProps = new java.util.HashMap<>(props);
        facadeProps.put("key.serializer", StringSerializer.class.getName());
        facadeProps.put("value.serializer", StringSerializer.class.getName());
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(facadeProps)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "facade-" + i))
                        .get(60, TimeUnit.SECONDS);
            }
        }
        // The official consumer takes the very same settings, references and all.
        assertEquals(40, OfficialClients.readAll((String) props.get("bootstrap.servers"), topic, READ_TIMEOUT, props)
                .size());
    }
}
