package dev.vltava.producer.testkit;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Child JVM of {@code NoSecretLeakTest}: configures producers with every kind of secret (literal {@code ssl.*}
 * passwords and PEM key, and secrets from the file, directory and env providers), runs them through success, failure
 * and configuration errors with logging at TRACE, and prints every {@code toString()}, exception message and stack
 * trace it meets to standard output. The test then searches the whole output for the secrets.
 *
 * <p>Argument: the work directory, holding {@code literal.properties} (the secrets written plainly into the config),
 * {@code secrets.properties} (for the file provider), {@code secrets/} (for the directory provider),
 * {@code tls.properties} (keystore locations and certificates) and {@code tls-secrets.properties}. The env
 * provider reads {@code VLTAVA_TEST_JAAS}. Prints {@code STEP name} before each step, {@code CANARY value} once (so
 * the test can see that its search finds what is printed) and {@code DONE} at the end.
 */
public final class SecretLeakProbeMain {

    private SecretLeakProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Properties literal = new Properties();
        try (Reader r = Files.newBufferedReader(work.resolve("literal.properties"), StandardCharsets.UTF_8)) {
            literal.load(r);
        }
        System.out.println("CANARY " + literal.getProperty("canary"));
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("leak-check", 2);
            nativeProducerSucceeds(configs(work, literal, broker.bootstrapServers()));
            nativeProducerFailsToDeliver(configs(work, literal, "127.0.0.1:" + closedPort()));
            configErrors(work, literal, broker.bootstrapServers());
            facadeProducer(configs(work, literal, broker.bootstrapServers()));
            secureProtocols(work, literal, broker.bootstrapServers());
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    /** Every secret at once: ssl.* literal and from providers, sasl.jaas.config from env, a client secret from a file. */
    static Map<String, Object> configs(Path work, Properties literal, String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("client.id", "leak-check");
        c.put("linger.ms", 0);
        c.put("config.providers", "file,dir,env");
        c.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        c.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        c.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        Path file = work.resolve("secrets.properties");
        Path dir = work.resolve("secrets");
        c.put("ssl.key.password", literal.getProperty("ssl.key.password"));
        c.put("ssl.keystore.key", literal.getProperty("ssl.keystore.key"));
        c.put("ssl.keystore.password", "${file:" + file + ":keystore}");
        c.put("ssl.truststore.password", "${dir:" + dir + ":truststore-password}");
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", "${env:VLTAVA_TEST_JAAS}");
        c.put("sasl.oauthbearer.client.credentials.client.secret", "${file:" + file + ":client-secret}");
        return c;
    }

    private static void nativeProducerSucceeds(Map<String, Object> configs) throws Exception {
        step("config toString");
        ProducerConfig config = ProducerConfig.from(configs);
        System.out.println(config);
        System.out.println(config.values());
        for (String key : List.of("ssl.key.password", "ssl.keystore.key", "ssl.keystore.password",
                "ssl.truststore.password", "sasl.jaas.config", "sasl.oauthbearer.client.credentials.client.secret")) {
            System.out.println(key + " -> " + config.get(key).map(String::valueOf).orElse("(absent)"));
        }
        step("native producer delivers");
        try (Producer<String, String> producer = Producer.<String, String>builder().configs(configs)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            System.out.println(producer);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>("leak-check", "k" + i, "v" + i)));
            }
            for (CompletableFuture<?> f : sent) {
                System.out.println("acked " + f.get(30, TimeUnit.SECONDS));
            }
            producer.flush();
        }
    }

    private static void nativeProducerFailsToDeliver(Map<String, Object> configs) {
        step("native producer fails to deliver");
        configs.put("max.block.ms", 1_000);
        configs.put("request.timeout.ms", 500);
        configs.put("delivery.timeout.ms", 1_000);
        configs.put("reconnect.backoff.ms", 100);
        try (Producer<String, String> producer = Producer.<String, String>builder().configs(configs)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            CompletableFuture<?> f = producer.send(new ProducerRecord<>("leak-check", "k", "v"));
            f.get(30, TimeUnit.SECONDS);
            System.out.println("unexpected: delivered to a closed port");
        } catch (Exception e) {
            print(e);
        }
    }

    private static void configErrors(Path work, Properties literal, String bootstrap) {
        step("config errors");
        // A missing key in a file that holds other secrets.
        Map<String, Object> missingKey = configs(work, literal, bootstrap);
        missingKey.put("ssl.keystore.password", "${file:" + work.resolve("secrets.properties") + ":nokey}");
        expectConfigError(missingKey);
        // A reference to an undeclared provider in a value around a literal secret.
        Map<String, Object> unknown = configs(work, literal, bootstrap);
        unknown.put("ssl.key.password", literal.getProperty("ssl.key.password") + "${vault:x:y}");
        expectConfigError(unknown);
        // References without config.providers.
        Map<String, Object> noProviders = configs(work, literal, bootstrap);
        noProviders.keySet().removeIf(k -> k.startsWith("config.providers"));
        expectConfigError(noProviders);
        // A provider value that does not parse (a secret put into a numeric key by mistake).
        Map<String, Object> badValue = configs(work, literal, bootstrap);
        badValue.put("linger.ms", "${file:" + work.resolve("secrets.properties") + ":keystore}");
        expectConfigError(badValue);
        // Secret keys with values of a wrong type.
        Map<String, Object> wrongType = configs(work, literal, bootstrap);
        wrongType.put("security.protocol", "SASL_SSL_TYPO");
        expectConfigError(wrongType);
    }

    private static void expectConfigError(Map<String, Object> configs) {
        try {
            ProducerConfig config = ProducerConfig.from(configs);
            System.out.println("accepted: " + config);
        } catch (ConfigException e) {
            print(e);
        }
    }

    private static void facadeProducer(Map<String, Object> configs) throws Exception {
        step("facade producer");
        configs.put("key.serializer", StringSerializer.class.getName());
        configs.put("value.serializer", StringSerializer.class.getName());
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(configs)) {
            System.out.println(producer);
            System.out.println("acked " + producer.send(
                    new org.apache.kafka.clients.producer.ProducerRecord<>("leak-check", "k", "v"))
                    .get(30, TimeUnit.SECONDS));
            System.out.println(producer.metrics().keySet());
            producer.close(Duration.ofSeconds(10));
        }
        Map<String, Object> broken = new HashMap<>(configs);
        broken.put("sasl.jaas.config", "${env:VLTAVA_TEST_SURELY_UNSET}");
        try {
            new VltavaKafkaProducer<String, String>(broken).close();
        } catch (RuntimeException e) {
            print(e);
        }
    }

    /**
     * TLS and SASL against the plaintext mock broker: a handshake that fails, and authentication that cannot happen,
     * with real keystores and PEM keys from {@code tls.properties} (locations) and {@code tls-secrets.properties}
     * (passwords and the PEM key, read through the file provider): the TLS steps end in an SslAuthenticationException
     * (the peer is no TLS endpoint), SASL_PLAINTEXT in a SaslAuthenticationException (no SaslHandshake).
     */
    private static void secureProtocols(Path work, Properties literal, String bootstrap) throws IOException {
        Properties tls = new Properties();
        try (Reader r = Files.newBufferedReader(work.resolve("tls.properties"), StandardCharsets.UTF_8)) {
            tls.load(r);
        }
        Path tlsSecrets = work.resolve("tls-secrets.properties");
        Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
        Map<String, Object> stores = new HashMap<>();
        stores.put("ssl.truststore.type", "PKCS12");
        stores.put("ssl.truststore.location", tls.getProperty("truststore"));
        stores.put("ssl.truststore.password", "${file:" + tlsSecrets + ":truststore}");
        stores.put("ssl.keystore.type", "PKCS12");
        stores.put("ssl.keystore.location", tls.getProperty("keystore"));
        stores.put("ssl.keystore.password", "${file:" + tlsSecrets + ":keystore}");
        stores.put("ssl.key.password", "${file:" + tlsSecrets + ":key}");
        Map<String, Object> pem = new HashMap<>();
        pem.put("ssl.truststore.type", "PEM");
        pem.put("ssl.truststore.certificates", tls.getProperty("ca"));
        pem.put("ssl.keystore.type", "PEM");
        pem.put("ssl.keystore.certificate.chain", tls.getProperty("chain"));
        pem.put("ssl.keystore.key", "${file:" + tlsSecrets + ":encrypted-pem-key}");
        pem.put("ssl.key.password", "${file:" + tlsSecrets + ":pem-key}");
        cases.put("SSL", stores);
        cases.put("SSL with PEM", pem);
        cases.put("SASL_PLAINTEXT", Map.of());
        cases.put("SASL_SSL", stores);
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            String protocol = c.getKey().split(" ")[0];
            step("security.protocol=" + c.getKey());
            Map<String, Object> configs = configs(work, literal, bootstrap);
            configs.keySet().removeIf(k -> k.startsWith("ssl."));
            configs.putAll(c.getValue());
            configs.put("security.protocol", protocol);
            configs.put("max.block.ms", 2_000);
            configs.put("delivery.timeout.ms", 3_000);
            configs.put("request.timeout.ms", 1_000);
            try (Producer<String, String> producer = Producer.<String, String>builder().configs(configs)
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
                System.out.println(producer);
                producer.send(new ProducerRecord<>("leak-check", "k", "v")).get(30, TimeUnit.SECONDS);
                System.out.println("delivered over " + protocol);
            } catch (Exception e) {
                print(e);
            }
        }
    }

    /** The classpath to start this child with: our main classes, the test classes and the test dependencies. */
    public static String classpath() {
        String main = Path.of(Producer.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        return main + java.io.File.pathSeparator + TestBrokers.brokerClasspath();
    }

    private static void step(String name) {
        System.out.println("STEP " + name);
    }

    /** toString, message and full stack trace (causes and suppressed included), as an application would log them. */
    private static void print(Throwable e) {
        System.out.println("ERROR " + e);
        e.printStackTrace(System.out);
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
