package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sasl.* audit (docs/security.md, "Every sasl.* key"): a key whose non-default value would ask for behaviour
 * Vltava does not have is a ConfigException naming it and saying it is not supported; Kafka's defaults set
 * explicitly (a whole KafkaProducer property file) are accepted; keys Kafka itself ignores in a producer with these
 * settings are accepted too.
 */
class SaslKeysAuditTest {

    private static Map<String, Object> sasl(String mechanism, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", "b:9092", "security.protocol",
                "SASL_SSL", "sasl.mechanism", mechanism));
        if (!mechanism.equals("OAUTHBEARER")) {
            m.put("sasl.jaas.config", "x.PlainLoginModule required username=\"u\" password=\"p\";");
        }
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyOfficialSaslAndSslDefaultSetExplicitlyIsAccepted() {
        Map<String, Object> defaults = new TreeMap<>();
        org.apache.kafka.clients.producer.ProducerConfig.configDef().defaultValues().forEach((k, v) -> {
            if ((k.startsWith("sasl.") || k.startsWith("ssl.")) && v != null && !k.equals("sasl.mechanism")) {
                defaults.put(k, v instanceof Class<?> c ? c.getName() : v instanceof List<?> l
                        ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
            }
        });
        assertTrue(defaults.size() > 30, defaults.keySet().toString());
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256", "OAUTHBEARER")) {
            Map<String, Object> props = sasl(mechanism);
            props.putAll(defaults);
            if (mechanism.equals("OAUTHBEARER")) {
                props.put("sasl.jaas.config", "x.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"a\";");
            }
            ProducerConfig.from(props); // no exception
        }
    }

    @Test
    void aCustomLoginClassIsRejectedButKafkasDefaultLoginsAreNot() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(sasl("PLAIN",
                "sasl.login.class", "com.example.MyLogin")));
        assertEquals(List.of("sasl.login.class"), e.keys());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        ProducerConfig.from(sasl("PLAIN", "sasl.login.class",
                "org.apache.kafka.common.security.authenticator.DefaultLogin"));
        ProducerConfig.from(sasl("OAUTHBEARER", "sasl.login.class",
                "org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerRefreshingLogin",
                "sasl.jaas.config", "x.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"a\";"));
    }

    @Test
    void oidcRetrievalKeysWithoutALoginHandlerAreRejectedNamingTheKey() {
        for (String key : List.of("sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.client.credentials.client.id",
                "sasl.oauthbearer.scope", "sasl.oauthbearer.assertion.file")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(sasl("OAUTHBEARER",
                    key, "https://idp.example/token",
                    "sasl.jaas.config", "x.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"a\";")));
            assertTrue(e.keys().contains(key), e.keys().toString());
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains("not supported"), e.getMessage());
        }
        ConfigException secret = assertThrows(ConfigException.class, () -> ProducerConfig.from(sasl("OAUTHBEARER",
                "sasl.oauthbearer.client.credentials.client.secret", "s3cr3t-value",
                "sasl.jaas.config", "x.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"a\";")));
        assertFalse(secret.getMessage().contains("s3cr3t-value"), secret.getMessage());
        // with a handler that fetches tokens they are its settings; with PLAIN Kafka ignores them, and so do we
        ProducerConfig.from(sasl("OAUTHBEARER", "sasl.oauthbearer.token.endpoint.url", "https://idp.example/token",
                "sasl.login.callback.handler.class", (OAuthBearerTokenProvider) () -> null));
        ProducerConfig.from(sasl("PLAIN", "sasl.oauthbearer.token.endpoint.url", "https://idp.example/token"));
    }

    @Test
    void keysKafkaItselfIgnoresHereAreAccepted() {
        // Kerberos keys only matter with GSSAPI (refused on its own); broker-side validation keys never in a producer
        ProducerConfig.from(sasl("SCRAM-SHA-512", "sasl.kerberos.service.name", "kafka",
                "sasl.kerberos.ticket.renew.window.factor", "0.9", "sasl.oauthbearer.jwks.endpoint.url",
                "https://idp.example/jwks", "sasl.oauthbearer.expected.audience", "kafka"));
        ConfigException gssapi = assertThrows(ConfigException.class, () -> ProducerConfig.from(sasl("GSSAPI",
                "sasl.kerberos.service.name", "kafka")));
        assertTrue(gssapi.getMessage().contains("not supported"), gssapi.getMessage());
        // without SASL every sasl.* key is ignored, as in Kafka
        Map<String, Object> plaintext = sasl("PLAIN", "sasl.login.class", "com.example.MyLogin");
        plaintext.put("security.protocol", "SSL");
        ProducerConfig.from(plaintext);
    }
}
