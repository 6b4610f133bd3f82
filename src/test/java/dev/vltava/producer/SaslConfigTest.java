package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslConfigTest {

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void gssapiIsRefusedOnlyWhenSaslIsUsed() {
        assertEquals("GSSAPI", ProducerConfig.from(props()).security().sasl().mechanism(), "Kafka's default");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ProducerConfig.from(props("security.protocol", "SASL_PLAINTEXT")));
        assertEquals(List.of("sasl.mechanism"), e.keys());
        assertTrue(e.getMessage().contains("Kerberos") && e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void unknownMechanismsAndMissingCredentialsAreNamed() {
        ConfigException lower = assertThrows(ConfigException.class, () -> ProducerConfig.from(props(
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "plain", "sasl.jaas.config", "x")));
        assertTrue(lower.getMessage().contains("case-sensitive"), lower.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ProducerConfig.from(props(
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256")));
        assertEquals(List.of("sasl.jaas.config"), missing.keys());
    }

    @Test
    void theJaasLineIsAPasswordEverywhere() {
        String line = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                + "password=\"top-secret\";";
        ProducerConfig c = ProducerConfig.from(props("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", line));
        assertEquals(line, c.security().sasl().jaasConfig().value());
        assertFalse(c.toString().contains("top-secret"), c.toString());
        assertEquals(Password.HIDDEN, String.valueOf(c.values().get("sasl.jaas.config")));
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(props(
                "sasl.jaas.config", 42)));
        assertFalse(e.getMessage().contains("42"), e.getMessage());
    }

    @Test
    void refreshSettingsAreReadWithKafkasRanges() {
        SaslConfig s = ProducerConfig.from(props("sasl.login.refresh.window.factor", "0.9",
                "sasl.login.refresh.buffer.seconds", 60, "sasl.login.refresh.min.period.seconds", "10")).security()
                .sasl();
        assertEquals(0.9, s.refreshWindowFactor());
        assertEquals(60_000, s.refreshBufferMs());
        assertEquals(10_000, s.refreshMinPeriodMs());
        assertThrows(ConfigException.class, () -> ProducerConfig.from(props("sasl.login.refresh.window.factor", 2)));
    }

    @Test
    void typedBuilderOptionsWriteTheKafkaKeys() {
        ProducerConfig plain = Producer.builder().bootstrapServers("h:1")
                .securityProtocol(SecurityConfig.Protocol.SASL_PLAINTEXT)
                .saslPlain("al\"ice", "pa\\ss\"word").buildConfig();
        assertEquals("PLAIN", plain.security().sasl().mechanism());
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"al\\\"ice\" "
                + "password=\"pa\\\\ss\\\"word\";", plain.security().sasl().jaasConfig().value());
        ProducerConfig scram = Producer.builder().bootstrapServers("h:1")
                .securityProtocol(SecurityConfig.Protocol.SASL_PLAINTEXT)
                .saslScram("SCRAM-SHA-512", "bob", "pw").buildConfig();
        assertEquals("SCRAM-SHA-512", scram.security().sasl().mechanism());
        assertThrows(IllegalArgumentException.class, () -> Producer.builder().saslScram("SCRAM-SHA-1", "b", "p"));
        OAuthBearerTokenProvider provider = () -> OAuthBearerToken.of("t", System.currentTimeMillis() + 60_000);
        ProducerConfig oauth = Producer.builder().bootstrapServers("h:1")
                .securityProtocol(SecurityConfig.Protocol.SASL_PLAINTEXT).oauthBearer(provider).buildConfig();
        assertEquals("OAUTHBEARER", oauth.security().sasl().mechanism());
        assertSame(provider, oauth.security().sasl().newTokenProvider());
        assertNull(oauth.security().sasl().jaasConfig());
    }

    @Test
    void aTokenProviderClassIsInstantiated() {
        ProducerConfig c = ProducerConfig.from(props("sasl.login.callback.handler.class", FixedProvider.class));
        assertTrue(c.security().sasl().newTokenProvider() instanceof FixedProvider);
        ProducerConfig wrong = ProducerConfig.from(props("sasl.login.callback.handler.class", String.class));
        assertThrows(ConfigException.class, () -> wrong.security().sasl().newTokenProvider());
    }

    public static final class FixedProvider implements OAuthBearerTokenProvider {
        @Override
        public OAuthBearerToken token() {
            return OAuthBearerToken.of("t", System.currentTimeMillis() + 60_000);
        }
    }
}
