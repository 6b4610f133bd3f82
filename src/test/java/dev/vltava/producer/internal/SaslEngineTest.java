package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.SaslAuthenticationException;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.network.FakeSaslBroker;
import dev.vltava.producer.internal.network.FakeTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.security.auth.callback.Callback;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole engine with SASL from its configuration (SaslSetup), over a fake transport whose broker runs Kafka's PLAIN
 * server and refuses our password: send() fails with SaslAuthenticationException and partitionsFor() throws it, both
 * well before max.block.ms (a TimeoutException would mean they waited it out).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SaslEngineTest {

    private static VltavaProducer<String, String> producer(String password) {
        ProducerConfig config = ProducerConfig.from(Map.of("bootstrap.servers", "fake:9092",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"" + password + "\";",
                "max.block.ms", "30000", "reconnect.backoff.ms", "1000"));
        FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
        transport.setResponder(new FakeSaslBroker(List.of("PLAIN"), () -> new PlainSaslServer(callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof PlainAuthenticateCallback p) {
                    p.authenticated(new String(p.password()).equals("right"));
                }
            }
        })));
        transport.onEachPoll(timeoutMs -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)));
        return new VltavaProducer<>(new Engine(config, AckListener.NONE, transport), Serializers.string(),
                Serializers.string(), null, List.of());
    }

    @Test
    void sendAndPartitionsForFailWithTheAuthenticationErrorWhenTheOnlyBrokerRefusesUs() throws Exception {
        VltavaProducer<String, String> producer = producer("wrong");
        try {
            CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "v"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
            assertFalse(e.getCause().getMessage().contains("wrong"), e.getCause().getMessage());
            SaslAuthenticationException thrown = assertThrows(SaslAuthenticationException.class,
                    () -> producer.partitionsFor("t"));
            assertTrue(thrown.getMessage().contains("fake:9092"), thrown.getMessage());
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMalformedJaasLineFailsTheBuildNamingTheKey() {
        ProducerConfig config = ProducerConfig.from(Map.of("bootstrap.servers", "fake:9092",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", "x.ScramLoginModule required username=\"alice\" password=\"s3cret"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new Engine(config, AckListener.NONE, new FakeTransport()));
        assertTrue(e.keys().contains("sasl.jaas.config"), e.keys().toString());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        ConfigException noPassword = assertThrows(ConfigException.class, () -> new Engine(ProducerConfig.from(Map.of(
                "bootstrap.servers", "fake:9092", "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "x.PlainLoginModule required username=\"alice\";")), AckListener.NONE,
                new FakeTransport()));
        assertTrue(noPassword.getMessage().contains("password"), noPassword.getMessage());
    }

    @Test
    void aThrowingTokenProviderFailsTheRecordsWithTheCauseAndIsCalledOffTheNetworkThread() throws Exception {
        java.util.Set<String> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        dev.vltava.producer.OAuthBearerTokenProvider provider = () -> {
            callers.add(Thread.currentThread().getName());
            throw new IllegalStateException("identity provider unreachable");
        };
        ProducerConfig config = ProducerConfig.from(Map.of("bootstrap.servers", "fake:9092", "client.id", "tp",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "OAUTHBEARER",
                "sasl.login.callback.handler.class", provider, "max.block.ms", "60000",
                "delivery.timeout.ms", "120000", "request.timeout.ms", "60000"));
        FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
        transport.setResponder(new FakeSaslBroker(List.of("OAUTHBEARER"), () -> null));
        transport.onEachPoll(timeoutMs -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)));
        VltavaProducer<String, String> producer = new VltavaProducer<>(new Engine(config, AckListener.NONE,
                transport), Serializers.string(), Serializers.string(), null, List.of());
        try {
            CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "v"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("identity provider unreachable"), e.getCause().getMessage());
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
        assertTrue(callers.stream().allMatch(n -> n.startsWith("vltava-producer-oauthbearer-refresh | tp")),
                callers.toString());
        assertFalse(callers.isEmpty());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.getName().startsWith("vltava-producer-oauthbearer-refresh | tp")), "close() stopped it");
    }
}
