package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.SaslMechanism;
import dev.vltava.producer.testkit.SecuredCluster;
import dev.vltava.producer.testkit.SecuredCluster.Listener;
import dev.vltava.producer.testkit.TestClusters;
import dev.vltava.producer.testkit.UnsignedJwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The KafkaProducer facade with a user's Kafka AuthenticateCallbackHandler against the secured broker: an OAUTHBEARER
 * login handler answering OAuthBearerTokenCallback (unsigned tokens, which the broker's unsecured validator accepts)
 * over SASL_SSL, and a SCRAM client handler answering NameCallback/PasswordCallback (no credentials in the JAAS line)
 * over SASL_PLAINTEXT. Records are read back with the official consumer; each handler is asked and then closed.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class SaslCallbackHandlersIT {
    private static final int RECORDS = 200;
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    private final SecuredCluster cluster = TestClusters.secured();

    /** Issues unsigned tokens for the fixture's user, as an identity provider would issue signed ones. */
    public static final class TokenHandler implements AuthenticateCallbackHandler {
        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
            EVENTS.add("configure token handler " + mechanism);
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (!(c instanceof OAuthBearerTokenCallback t)) {
                    throw new UnsupportedCallbackException(c);
                }
                long now = System.currentTimeMillis();
                String jwt = UnsignedJwt.forSubject(SecuredCluster.USER, now, 3_600_000);
                EVENTS.add("token");
                t.token(new org.apache.kafka.common.security.oauthbearer.OAuthBearerToken() {
                    public String value() {
                        return jwt;
                    }

                    public Set<String> scope() {
                        return Set.of("kafka");
                    }

                    public long lifetimeMs() {
                        return now + 3_600_000;
                    }

                    public String principalName() {
                        return SecuredCluster.USER;
                    }

                    public Long startTimeMs() {
                        return now;
                    }
                });
            }
        }

        @Override
        public void close() {
            EVENTS.add("close token handler");
        }
    }

    /** The fixture's SCRAM user, from a callback handler instead of the JAAS line. */
    public static final class CredentialsHandler implements AuthenticateCallbackHandler {
        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
            EVENTS.add("configure credentials handler " + mechanism);
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(SecuredCluster.USER);
                    EVENTS.add("credentials");
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(SecuredCluster.PASSWORD.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        }

        @Override
        public void close() {
            EVENTS.add("close credentials handler");
        }
    }

    private void produceThroughTheFacadeAndReadBack(Map<String, Object> props, Map<String, Object> readProps)
            throws Exception {
        String topic = "sasl-handler-it-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1);
        Map<String, Object> p = new HashMap<>(props);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("compression.type", "lz4");
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> extra = new HashMap<>(readProps);
        extra.remove("bootstrap.servers");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(
                (String) readProps.get("bootstrap.servers"), topic, Duration.ofSeconds(60), extra);
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(RECORDS, read.size());
        assertEquals(RECORDS, values.size(), "each record once");
    }

    @Test
    void anOAuthBearerLoginHandlerAuthenticatesTheFacadeOverSaslSsl() throws Exception {
        EVENTS.clear();
        Map<String, Object> readProps = cluster.clientProps(Listener.SASL_SSL, SaslMechanism.OAUTHBEARER);
        Map<String, Object> props = new HashMap<>(readProps);
        props.put("sasl.login.callback.handler.class", TokenHandler.class.getName());
        props.put("sasl.jaas.config", SaslMechanism.OAUTHBEARER.loginModule() + " required;");
        produceThroughTheFacadeAndReadBack(props, readProps);
        assertEquals("configure token handler OAUTHBEARER", EVENTS.get(0), EVENTS.toString());
        assertTrue(EVENTS.contains("token"), EVENTS.toString());
        assertEquals("close token handler", EVENTS.get(EVENTS.size() - 1), EVENTS.toString());
    }

    @Test
    void aScramClientHandlerGivesTheCredentialsInsteadOfTheJaasLine() throws Exception {
        EVENTS.clear();
        Map<String, Object> readProps = cluster.clientProps(Listener.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512);
        Map<String, Object> props = new HashMap<>(readProps);
        props.put("sasl.client.callback.handler.class", CredentialsHandler.class);
        props.put("sasl.jaas.config", SaslMechanism.SCRAM_SHA_512.loginModule() + " required;");
        produceThroughTheFacadeAndReadBack(props, readProps);
        assertEquals("configure credentials handler SCRAM-SHA-512", EVENTS.get(0), EVENTS.toString());
        assertTrue(EVENTS.contains("credentials"), EVENTS.toString());
        assertEquals("close credentials handler", EVENTS.get(EVENTS.size() - 1), EVENTS.toString());
    }
}
