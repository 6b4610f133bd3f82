package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.OAuthBearerToken;
import dev.vltava.producer.OAuthBearerTokenProvider;
import dev.vltava.producer.Password;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.SaslCredentials;
import dev.vltava.producer.SaslCredentialsProvider;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.SaslMechanismException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sasl.client.callback.handler.class (a SaslCredentialsProvider: PLAIN/SCRAM credentials asked at each
 * authentication) and sasl.login.callback.handler.class in the native API: configured once when created from a class
 * name, closed when the mechanism closes, and a Kafka AuthenticateCallbackHandler named there is refused with a
 * ConfigException that says to use the facade or our interfaces.
 */
class SaslCallbackHandlersTest {
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
    static final AtomicReference<String> PASSWORD = new AtomicReference<>();

    @BeforeEach
    void reset() {
        EVENTS.clear();
        PASSWORD.set("pw-1");
    }

    public static final class RotatingCredentials implements SaslCredentialsProvider {
        @Override
        public SaslCredentials credentials() {
            return new SaslCredentials("alice", new Password(PASSWORD.get()));
        }

        @Override
        public void configure(Map<String, ?> configs, String mechanism, Map<String, String> jaasOptions) {
            EVENTS.add("configure " + mechanism + " " + jaasOptions + " " + configs.get("client.id"));
        }

        @Override
        public void close() {
            EVENTS.add("close");
        }
    }

    public static final class ClosingTokens implements OAuthBearerTokenProvider {
        @Override
        public OAuthBearerToken token() {
            return OAuthBearerToken.of("t", System.currentTimeMillis() + 60_000);
        }

        @Override
        public void close() {
            EVENTS.add("close tokens");
        }
    }

    /** A Kafka handler, which only the facade adapts. */
    public static final class KafkaHandler implements AuthenticateCallbackHandler {
        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
        }

        @Override
        public void handle(Callback[] callbacks) {
        }

        @Override
        public void close() {
        }
    }

    private static ProducerConfig sasl(String mechanism, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(Map.of("bootstrap.servers", "fake:9092", "client.id", "c1",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", mechanism));
        c.putAll(extra);
        return ProducerConfig.from(c);
    }

    private static String initial(SaslClientFactory f) throws SaslMechanismException {
        return new String(f.newExchange("h").initialResponse(), StandardCharsets.UTF_8);
    }

    @Test
    void aCredentialsProviderClassIsConfiguredOnceAskedAtEachAuthenticationAndClosed() throws Exception {
        SaslClientFactory plain = SaslSetup.from(sasl("PLAIN", Map.of(
                "sasl.client.callback.handler.class", RotatingCredentials.class.getName(),
                "sasl.jaas.config", "x.PlainLoginModule required realm=\"r\";")));
        assertEquals(List.of("configure PLAIN {realm=r} c1"), EVENTS);
        assertEquals("\0alice\0pw-1", initial(plain));
        PASSWORD.set("pw-2");
        assertEquals("\0alice\0pw-2", initial(plain));
        plain.close();
        assertEquals("close", EVENTS.get(EVENTS.size() - 1));
    }

    @Test
    void aCredentialsProviderInstanceServesScramWithoutAJaasLine() throws Exception {
        SaslClientFactory scram = SaslSetup.from(sasl("SCRAM-SHA-256", Map.of(
                "sasl.client.callback.handler.class", new RotatingCredentials())));
        assertTrue(initial(scram).startsWith("n,,n=alice,r="), initial(scram));
        assertEquals(List.of(), EVENTS, "an instance is not configured");
        scram.close();
        assertEquals(List.of("close"), EVENTS, "an instance is closed with the producer");
    }

    @Test
    void aFailingCredentialsProviderFailsTheExchangeNamingTheCause() {
        SaslClientFactory plain = SaslSetup.from(sasl("PLAIN", Map.of(
                "sasl.client.callback.handler.class", (SaslCredentialsProvider) () -> {
                    throw new IllegalStateException("vault sealed");
                })));
        SaslMechanismException e = assertThrows(SaslMechanismException.class, () -> plain.newExchange("h"));
        assertTrue(e.getMessage().contains("vault sealed") && e.getMessage().contains("credentials provider"),
                e.getMessage());
    }

    @Test
    void theTokenProviderIsClosedWithTheMechanism() {
        SaslClientFactory oauth = SaslSetup.from(sasl("OAUTHBEARER", Map.of(
                "sasl.login.callback.handler.class", ClosingTokens.class.getName())));
        oauth.close();
        assertEquals(List.of("close tokens"), EVENTS);
    }

    @Test
    void aKafkaHandlerInTheNativeApiIsRefusedWithWhatToUseInstead() {
        for (String key : List.of("sasl.login.callback.handler.class", "sasl.client.callback.handler.class")) {
            String mechanism = key.contains("login") ? "OAUTHBEARER" : "PLAIN";
            for (Object ref : List.of(KafkaHandler.class.getName(), KafkaHandler.class)) {
                ConfigException e = assertThrows(ConfigException.class, () -> SaslSetup.from(sasl(mechanism, Map.of(
                        key, ref, "sasl.jaas.config", "x.PlainLoginModule required username=\"a\" password=\"b\";"))));
                assertEquals(List.of(key), e.keys());
                assertTrue(e.getMessage().contains("VltavaKafkaProducer") && e.getMessage().contains(
                        key.contains("login") ? "OAuthBearerTokenProvider" : "SaslCredentialsProvider"),
                        e.getMessage());
            }
        }
    }

    @Test
    void withoutAProviderPlainStillNeedsTheJaasCredentials() {
        ConfigException e = assertThrows(ConfigException.class, () -> sasl("PLAIN", Map.of()));
        assertTrue(e.getMessage().contains("sasl.client.callback.handler.class"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
        assertArrayEquals(new Object[] {"sasl.jaas.config"}, e.keys().toArray());
    }
}
