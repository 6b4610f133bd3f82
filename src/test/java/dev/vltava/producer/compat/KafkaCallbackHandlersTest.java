package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vltava.producer.OAuthBearerToken;
import dev.vltava.producer.OAuthBearerTokenProvider;
import dev.vltava.producer.SaslCredentials;
import dev.vltava.producer.SaslCredentialsProvider;
import dev.vltava.producer.testkit.UnsignedJwt;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facade adapts Kafka's AuthenticateCallbackHandler classes: sasl.login.callback.handler.class (OAUTHBEARER
 * tokens, also Kafka's own OIDC handler against a token endpoint) and sasl.client.callback.handler.class (PLAIN/SCRAM
 * NameCallback/PasswordCallback). Each is created and configured as Kafka does and closed with the producer.
 */
class KafkaCallbackHandlersTest {
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void reset() {
        EVENTS.clear();
        TokenHandler.token = "tok-1";
        TokenHandler.error = null;
        CredentialsHandler.password = "pw-1";
        CredentialsHandler.scramExtensions = null;
    }

    /** A user's OAUTHBEARER login handler: answers the token and extensions callbacks. */
    public static final class TokenHandler implements AuthenticateCallbackHandler {
        static volatile String token;
        static volatile String error;

        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
            EVENTS.add("configure " + mechanism + " " + entries.size() + " " + entries.get(0).getOptions().get("aud")
                    + " " + configs.get("sasl.login.refresh.buffer.seconds").getClass().getSimpleName());
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (c instanceof OAuthBearerTokenCallback t) {
                    if (error != null) {
                        t.error(error, "the identity provider is down", null);
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    String value = token;
                    t.token(new org.apache.kafka.common.security.oauthbearer.OAuthBearerToken() {
                        public String value() {
                            return value;
                        }

                        public Set<String> scope() {
                            return Set.of();
                        }

                        public long lifetimeMs() {
                            return now + 60_000;
                        }

                        public String principalName() {
                            return "alice";
                        }

                        public Long startTimeMs() {
                            return now;
                        }
                    });
                } else if (c instanceof SaslExtensionsCallback e) {
                    e.extensions(new SaslExtensions(Map.of("traceId", "42")));
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        }

        @Override
        public void close() {
            EVENTS.add("close token handler");
        }
    }

    /** A user's PLAIN/SCRAM client handler: answers NameCallback and PasswordCallback. */
    public static final class CredentialsHandler implements AuthenticateCallbackHandler {
        static volatile String password;
        static volatile Map<String, String> scramExtensions;

        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
            EVENTS.add("configure " + mechanism + " " + entries.size());
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName("alice");
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                } else if (c instanceof ScramExtensionsCallback s && scramExtensions != null) {
                    s.extensions(scramExtensions);
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

    private static Map<String, Object> sasl(String mechanism) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "127.0.0.1:1");
        c.put("security.protocol", "SASL_PLAINTEXT");
        c.put("sasl.mechanism", mechanism);
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        return c;
    }

    @Test
    void aKafkaLoginHandlerIsConfiguredAsKafkaDoesAndAnswersTokensWithExtensions() throws Exception {
        Map<String, Object> c = sasl("OAUTHBEARER");
        c.put("sasl.login.callback.handler.class", TokenHandler.class.getName());
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "aud=\"kafka\";");
        CompatPlugins<String, String> plugins = CompatPlugins.resolve(c, null, null);
        try {
            assertEquals(List.of("configure OAUTHBEARER 1 kafka Short"), EVENTS);
            OAuthBearerTokenProvider provider = assertInstanceOf(OAuthBearerTokenProvider.class,
                    plugins.vltavaConfigs.get("sasl.login.callback.handler.class"));
            OAuthBearerToken token = provider.token();
            assertEquals("tok-1", token.value());
            assertEquals(Map.of("traceId", "42"), token.extensions());
            assertTrue(token.expiresAtMs() > token.startTimeMs());
            TokenHandler.token = "tok-2";
            assertEquals("tok-2", provider.token().value(), "asked anew each time");
            TokenHandler.error = "invalid_client";
            Exception e = assertThrows(IOException.class, provider::token);
            assertTrue(e.getMessage().contains("invalid_client") && e.getMessage().contains("identity provider"),
                    e.getMessage());
        } finally {
            plugins.closeCreated(new RuntimeException("test cleanup"));
        }
        assertTrue(EVENTS.contains("close token handler"));
    }

    @Test
    void theProducerConfiguresTheHandlerOnceAndClosesItOnClose() {
        Map<String, Object> c = sasl("OAUTHBEARER");
        c.put("sasl.login.callback.handler.class", TokenHandler.class);
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "aud=\"kafka\";");
        VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(c);
        assertEquals(1, EVENTS.stream().filter(s -> s.startsWith("configure")).count(), EVENTS.toString());
        producer.close(Duration.ofSeconds(5));
        assertEquals(1, EVENTS.stream().filter(s -> s.equals("close token handler")).count(), EVENTS.toString());
    }

    @Test
    void aHandlerIsNotCreatedWhenTheProducerDoesNotUseIt() {
        Map<String, Object> c = sasl("PLAIN");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"x\";");
        c.put("sasl.login.callback.handler.class", TokenHandler.class.getName()); // OAUTHBEARER only
        new VltavaKafkaProducer<>(c).close(Duration.ofSeconds(5));
        c.put("security.protocol", "PLAINTEXT");
        c.put("sasl.client.callback.handler.class", CredentialsHandler.class.getName());
        new VltavaKafkaProducer<>(c).close(Duration.ofSeconds(5));
        assertEquals(List.of(), EVENTS);
    }

    @Test
    void aKafkaClientHandlerGivesPlainAndScramCredentialsWithoutThemInTheJaasLine() throws Exception {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256")) {
            reset();
            Map<String, Object> c = sasl(mechanism);
            c.put("sasl.client.callback.handler.class", CredentialsHandler.class.getName());
            c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
            CompatPlugins<String, String> plugins = CompatPlugins.resolve(c, null, null);
            try {
                assertEquals(List.of("configure " + mechanism + " 1"), EVENTS);
                SaslCredentialsProvider provider = assertInstanceOf(SaslCredentialsProvider.class,
                        plugins.vltavaConfigs.get("sasl.client.callback.handler.class"));
                SaslCredentials credentials = provider.credentials();
                assertEquals("alice", credentials.username());
                assertEquals("pw-1", credentials.password().value());
                assertFalse(credentials.toString().contains("pw-1"), credentials.toString());
                CredentialsHandler.password = "pw-2";
                assertEquals("pw-2", provider.credentials().password().value(), "asked at each authentication");
            } finally {
                plugins.closeCreated(new RuntimeException("test cleanup"));
            }
            assertTrue(EVENTS.contains("close credentials handler"), EVENTS.toString());
        }
    }

    @Test
    void scramExtensionsFromAHandlerAreRefusedNotIgnored() throws Exception {
        CredentialsHandler.scramExtensions = Map.of("tokenauth", "true");
        Map<String, Object> c = sasl("SCRAM-SHA-512");
        c.put("sasl.client.callback.handler.class", CredentialsHandler.class);
        CompatPlugins<String, String> plugins = CompatPlugins.resolve(c, null, null);
        try {
            SaslCredentialsProvider provider = (SaslCredentialsProvider) plugins.vltavaConfigs
                    .get("sasl.client.callback.handler.class");
            IOException e = assertThrows(IOException.class, provider::credentials);
            assertTrue(e.getMessage().contains("tokenauth") && e.getMessage().contains("not support"),
                    e.getMessage());
        } finally {
            plugins.closeCreated(new RuntimeException("test cleanup"));
        }
    }

    @Test
    void kafkasDefaultClientHandlerSetExplicitlyIsTheSameAsNotSet() {
        Map<String, Object> c = sasl("PLAIN");
        c.put("sasl.client.callback.handler.class",
                "org.apache.kafka.common.security.authenticator.SaslClientCallbackHandler");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"x\";");
        CompatPlugins<String, String> plugins = CompatPlugins.resolve(c, null, null);
        assertNull(plugins.vltavaConfigs.get("sasl.client.callback.handler.class"));
        assertNull(plugins.config.security().sasl().clientCallbackHandler());
    }

    @Test
    void kafkasOidcHandlerFetchesATokenFromAnHttpTokenEndpoint() throws Exception {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        // Kafka's client-side validator parses the claims but wants three non-empty sections; it checks no signature.
        String jwt = UnsignedJwt.forSubject("alice", System.currentTimeMillis(), 3_600_000) + "c2ln";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + body);
            byte[] answer = ("{\"access_token\":\"" + jwt + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        String allowed = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
        String before = System.getProperty(allowed);
        try {
            Map<String, Object> c = sasl("OAUTHBEARER");
            c.put("sasl.login.callback.handler.class", OAuthBearerLoginCallbackHandler.class.getName());
            c.put("sasl.oauthbearer.token.endpoint.url", url);
            c.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                    + "clientId=\"vltava-client\" clientSecret=\"vltava-secret\";");
            // Kafka 4.x refuses token endpoints not listed in this system property.
            System.clearProperty(allowed);
            KafkaException refused = assertThrows(KafkaException.class, () -> CompatPlugins.resolve(c, null, null));
            assertTrue(String.valueOf(refused.getMessage()).contains(allowed), refused.getMessage());
            System.setProperty(allowed, url);
            CompatPlugins<String, String> plugins = CompatPlugins.resolve(c, null, null);
            try {
                OAuthBearerTokenProvider provider = (OAuthBearerTokenProvider) plugins.vltavaConfigs
                        .get("sasl.login.callback.handler.class");
                OAuthBearerToken token = provider.token();
                assertEquals(jwt, token.value());
                assertFalse(token.toString().contains(jwt));
                assertEquals(1, requests.size(), requests.toString());
                String expectedAuth = "Basic " + Base64.getEncoder().encodeToString(
                        "vltava-client:vltava-secret".getBytes(StandardCharsets.UTF_8));
                assertTrue(requests.get(0).startsWith("POST " + expectedAuth + " "), requests.get(0));
                assertTrue(requests.get(0).contains("grant_type=client_credentials"), requests.get(0));
            } finally {
                plugins.closeCreated(new RuntimeException("test cleanup"));
            }
        } finally {
            if (before == null) {
                System.clearProperty(allowed);
            } else {
                System.setProperty(allowed, before);
            }
            server.stop(0);
        }
    }
}
