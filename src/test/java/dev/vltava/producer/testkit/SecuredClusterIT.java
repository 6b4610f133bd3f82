package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.SecurityClientProps.StoreFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The secured fixture, proven with the official client: every listener and mechanism carries records both ways
 * (official producer with idempotence and compression, official consumer with the same settings), and the listeners
 * and credentials that must fail make the official client fail with the error a secured cluster gives.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class SecuredClusterIT {
    private static final int RECORDS = 200;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** The topic the negative cases try to write: it exists, so a client that gets in succeeds at once. */
    private static final String PROBE_TOPIC = "secured-probe-" + System.nanoTime();

    private final SecuredCluster cluster = TestClusters.secured();

    static Stream<Arguments> saslCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Listener l : List.of(Listener.SASL_PLAINTEXT, Listener.SASL_SSL)) {
            for (SaslMechanism m : SaslMechanism.values()) {
                cases.add(Arguments.of(l, m));
            }
        }
        cases.add(Arguments.of(Listener.SASL_PLAIN_ONLY, SaslMechanism.PLAIN));
        return cases.stream();
    }

    @BeforeAll
    static void createProbeTopic() {
        TestClusters.secured().createTopic(PROBE_TOPIC, 1, 1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("saslCases")
    void saslListenersCarryRecords(Listener listener, SaslMechanism mechanism) throws Exception {
        roundTrip("sasl-" + listener + "-" + mechanism, cluster.clientProps(listener, mechanism));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tlsCases")
    void tlsListenersCarryRecordsWithEveryStoreFormat(Listener listener, StoreFormat format) throws Exception {
        roundTrip("tls-" + listener + "-" + format, cluster.clientProps(listener, format));
    }

    static Stream<Arguments> tlsCases() {
        return Stream.of(Listener.SSL, Listener.MTLS)
                .flatMap(l -> Stream.of(StoreFormat.values()).map(f -> Arguments.of(l, f)));
    }

    @Test
    void mutualTlsWithAPlainPemKeyAndJksStores() throws Exception {
        Map<String, Object> props = cluster.clientProps(Listener.SSL, StoreFormat.JKS);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.MTLS));
        props.putAll(SecurityClientProps.keystore(cluster.certificates().client(), StoreFormat.PEM_STRING, false));
        roundTrip("mtls-plain-pem", props);
    }

    @ParameterizedTest
    @EnumSource(SaslMechanism.class)
    void clientsReauthenticateWhenTheSessionLifetimeEnds(SaslMechanism mechanism) throws Exception {
        String topic = "reauth-" + mechanism.name().toLowerCase() + "-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1);
        Map<String, Object> props = cluster.clientProps(Listener.SASL_REAUTH, mechanism);
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(bootstrapOf(props),
                producerProps(props))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // keep the connection busy until the client has re-authenticated on it (the broker closes a connection
            // whose session ended without it, which would fail a send)
            while (reauthentications(producer) < 1) {
                assertTrue(System.nanoTime() < deadline, "no re-authentication within 60 s with a session lifetime "
                        + "of " + SecuredCluster.REAUTH_MS + " ms");
                producer.send(new ProducerRecord<>(topic, bytes("reauth-" + sent))).get(30, TimeUnit.SECONDS);
                sent++;
            }
        }
        assertEquals(sent, OfficialClients.readAll(bootstrapOf(props), topic, READ_TIMEOUT, props).size());
    }

    private static double reauthentications(KafkaProducer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals("successful-reauthentication-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void plaintextListenerStillWorks() throws Exception {
        roundTrip("plaintext", cluster.clientProps(Listener.PLAINTEXT));
    }

    @Test
    void tlsListenersAreAdvertisedUnderTheCertificatesHostName() {
        assertTrue(cluster.bootstrap(Listener.SSL).startsWith("localhost:"), cluster.bootstrap(Listener.SSL));
        assertTrue(cluster.bootstrap(Listener.SASL_SSL).startsWith("localhost:"));
        assertTrue(cluster.bootstrap(Listener.SASL_PLAINTEXT).startsWith("127.0.0.1:"));
    }

    // ---- what must fail

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("passwordCases")
    void aWrongPasswordIsRefused(Listener listener, SaslMechanism mechanism) {
        Throwable e = failure(cluster.clientProps(listener, mechanism, SecuredCluster.USER, "not-the-password"));
        assertInstanceOf(SaslAuthenticationException.class, e, describe(e));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("passwordCases")
    void anUnknownUserIsRefused(Listener listener, SaslMechanism mechanism) {
        Throwable e = failure(cluster.clientProps(listener, mechanism, "mallory", SecuredCluster.PASSWORD));
        assertInstanceOf(SaslAuthenticationException.class, e, describe(e));
    }

    static Stream<Arguments> passwordCases() {
        return Stream.of(Listener.SASL_PLAINTEXT, Listener.SASL_SSL).flatMap(l -> Stream.of(SaslMechanism.PLAIN,
                SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_512).map(m -> Arguments.of(l, m)));
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"SCRAM_SHA_256", "SCRAM_SHA_512", "OAUTHBEARER"})
    void aMechanismTheListenerDoesNotEnableIsRefused(SaslMechanism mechanism) {
        Throwable e = failure(cluster.clientProps(Listener.SASL_PLAIN_ONLY, mechanism));
        assertInstanceOf(UnsupportedSaslMechanismException.class, e, describe(e));
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        assertTlsFailure(cluster.clientProps(Listener.SSL_WRONG_HOST), "No subject alternative DNS name matching "
                + "localhost");
    }

    @Test
    void anExpiredCertificateIsRefused() {
        assertTlsFailure(cluster.clientProps(Listener.SSL_EXPIRED), "validity check failed");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefused() {
        assertTlsFailure(cluster.clientProps(Listener.SSL_UNTRUSTED), "unable to find valid certification path");
    }

    @Test
    void theServerCertificateIsCheckedOnSaslSslToo() {
        Map<String, Object> props = cluster.clientProps(Listener.SASL_SSL, SaslMechanism.PLAIN);
        props.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
        props.putAll(SecurityClientProps.truststore(cluster.certificates().untrustedCa(), StoreFormat.PEM_STRING));
        assertTlsFailure(props, "unable to find valid certification path");
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefused() {
        Map<String, Object> props = cluster.clientProps(Listener.SSL);
        props.put("bootstrap.servers", cluster.bootstrap(Listener.MTLS));
        Throwable e = failure(props);
        assertInstanceOf(SslAuthenticationException.class, e, describe(e));
    }

    @Test
    void hostNameVerificationCanBeTurnedOffOnlyOnPurpose() throws Exception {
        // the control for aCertificateForAnotherHostIsRefused: the same listener works once the client skips the
        // host-name check, so that test fails for the name and nothing else
        Map<String, Object> props = cluster.clientProps(Listener.SSL_WRONG_HOST);
        props.put("ssl.endpoint.identification.algorithm", "");
        roundTrip("wrong-host-unverified", props);
    }

    // ---- helpers

    private void roundTrip(String name, Map<String, Object> props) throws Exception {
        String topic = name.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1);
        List<String> sent = new ArrayList<>();
        Properties p = producerProps(props);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("compression.type", "lz4");
        p.put("linger.ms", "5");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(bootstrapOf(props), p)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String value = name + "-" + i;
                sent.add(value);
                acks.add(producer.send(new ProducerRecord<>(topic, i % 2, null, bytes(value))));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(bootstrapOf(props), topic, READ_TIMEOUT,
                props);
        List<String> got = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            got.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        List<String> expected = new ArrayList<>(sent);
        expected.sort(null);
        got.sort(null);
        assertEquals(expected, got, "records read back through " + name);
    }

    /** The error the official producer gives when it cannot get in: thrown by send() or failing its future. */
    private Throwable failure(Map<String, Object> props) {
        Properties p = producerProps(props);
        p.put("max.block.ms", "20000");
        p.put("delivery.timeout.ms", "20000");
        p.put("request.timeout.ms", "10000");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(bootstrapOf(props), p)) {
            producer.send(new ProducerRecord<>(PROBE_TOPIC, bytes("x"))).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the official producer got in with " + redacted(props));
    }

    private void assertTlsFailure(Map<String, Object> props, String reason) {
        Throwable e = failure(props);
        assertInstanceOf(SslAuthenticationException.class, e, describe(e));
        assertTrue(describe(e).contains(reason), describe(e));
    }

    private static String bootstrapOf(Map<String, Object> props) {
        return (String) props.get("bootstrap.servers");
    }

    private static Properties producerProps(Map<String, Object> props) {
        Properties p = new Properties();
        p.putAll(props);
        return p;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }

    private static Map<String, Object> redacted(Map<String, Object> props) {
        Map<String, Object> out = new HashMap<>(props);
        out.replaceAll((k, v) -> k.contains("password") || k.contains("jaas") || k.contains("key") ? "[hidden]" : v);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
