package dev.vltava.producer.internal.security.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerClientInitialResponse;
import org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredJws;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.junit.jupiter.api.Test;

/** OAUTHBEARER and PLAIN messages, read back by Kafka's own parsers; unsecured tokens; token refresh timing. */
class OAuthBearerMechanismTest {
    private long nowMs = 1_700_000_000_000L;

    @Test
    void initialResponseIsWhatKafkasBrokerParses() throws Exception {
        OAuthToken token = new OAuthToken("a.b.", nowMs, nowMs + 60_000, Map.of("traceId", "42", "env", "dev"));
        byte[] message = OAuthBearerMechanism.initialMessage(token);
        OAuthBearerClientInitialResponse parsed = new OAuthBearerClientInitialResponse(message);
        assertEquals("a.b.", parsed.tokenValue());
        assertEquals(Map.of("traceId", "42", "env", "dev"), parsed.extensions().map());
        assertEquals("", parsed.authorizationId());
    }

    @Test
    void anEmptyAnswerCompletesAndAnErrorDocumentIsAcknowledgedWithOneByte() throws Exception {
        TokenCache cache = new TokenCache(() -> new OAuthToken("t", nowMs, nowMs + 60_000, Map.of()),
                TokenCache.RefreshPolicy.KAFKA_DEFAULTS, TokenCache.RetryBackoff.KAFKA_DEFAULTS, () -> nowMs, () -> 0.5);
        cache.refreshIfDue();
        SaslExchange ok = new OAuthBearerMechanism(cache).newExchange("h");
        ok.initialResponse();
        assertNull(ok.evaluate(new byte[0]));
        assertTrue(ok.isComplete());

        SaslExchange refused = new OAuthBearerMechanism(cache).newExchange("h");
        refused.initialResponse();
        assertArrayEquals(new byte[] {1}, refused.evaluate("{\"status\":\"invalid_token\"}".getBytes(
                StandardCharsets.UTF_8)));
        assertFalse(refused.isComplete());
    }

    @Test
    void unsecuredTokensAreReadByKafkasUnsecuredJwsParser() throws Exception {
        UnsecuredJws jws = new UnsecuredJws(Map.of("unsecuredLoginStringClaim_sub", "alice",
                "unsecuredLoginListClaim_scope", ",read,write", "unsecuredLoginNumberClaim_level", "3",
                "unsecuredLoginLifetimeSeconds", "120", "unsecuredLoginExtension_traceId", "7"), () -> nowMs);
        OAuthToken t = jws.issue();
        assertEquals(nowMs + 120_000, t.expiresAtMs());
        assertEquals(Map.of("traceId", "7"), t.extensions());
        OAuthBearerUnsecuredJws parsed = new OAuthBearerUnsecuredJws(t.value(), "sub", "scope");
        assertEquals("alice", parsed.principalName());
        assertEquals(java.util.Set.of("read", "write"), parsed.scope());
        assertEquals(nowMs, parsed.startTimeMs());
        assertEquals(nowMs + 120_000, parsed.lifetimeMs());
        assertEquals(3, ((Number) parsed.claims().get("level")).intValue());
        assertFalse(t.toString().contains(t.value()));
    }

    @Test
    void unsecuredTokensNeedAPrincipal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UnsecuredJws(Map.of("unsecuredLoginStringClaim_name", "x"), () -> nowMs));
        assertTrue(e.getMessage().contains("unsecuredLoginStringClaim_sub"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UnsecuredJws(Map.of("unsecuredLoginStringClaim_sub",
                "a", "unsecuredLoginStringClaim_exp", "1"), () -> nowMs));
    }

    @Test
    void plainIsWhatKafkasPlainServerReads() throws Exception {
        SaslExchange x = new PlainMechanism("alice", "p\u00e4ss").newExchange("h");
        byte[] first = x.initialResponse();
        PlainSaslServer server = new PlainSaslServer(callbacks -> {
            for (var cb : callbacks) {
                if (cb instanceof org.apache.kafka.common.security.plain.PlainAuthenticateCallback p) {
                    p.authenticated(new String(p.password()).equals("p\u00e4ss"));
                }
            }
        });
        server.evaluateResponse(first);
        assertTrue(server.isComplete());
        assertEquals("alice", server.getAuthorizationID());
        assertNull(x.evaluate(new byte[0]));
        assertTrue(x.isComplete());
        assertFalse(new PlainMechanism("alice", "secret").toString().contains("secret"));
    }
}
