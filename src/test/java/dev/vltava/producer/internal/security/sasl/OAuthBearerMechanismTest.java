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
                TokenCache.RefreshPolicy.KAFKA_DEFAULTS, () -> nowMs, () -> 0.5);
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
    void tokensAreRefreshedPerTheRefreshSettingsBeforeTheyExpire() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        // one-hour tokens; factor 0.8 + jitter 0 -> refresh after 48 min; buffer 5 min and min period 1 min allow it
        TokenCache cache = new TokenCache(() -> new OAuthToken("t" + fetched.incrementAndGet(), nowMs,
                nowMs + 3_600_000, Map.of()), new TokenCache.RefreshPolicy(0.8, 0.05, 60_000, 300_000),
                () -> nowMs, () -> 0.0);
        assertEquals("t1", cache.token().value());
        nowMs += 47 * 60_000;
        assertEquals("t1", cache.token().value(), "not due yet");
        nowMs += 60_000 + 1;
        assertEquals("t2", cache.token().value(), "due at 80 % of the lifetime");
    }

    @Test
    void theBufferBeforeExpiryAndTheMinimumPeriodBoundTheRefreshTime() {
        TokenCache.RefreshPolicy p = new TokenCache.RefreshPolicy(1.0, 0.0, 60_000, 300_000);
        TokenCache cache = new TokenCache(() -> null, p, () -> nowMs, () -> 0.0);
        OAuthToken hour = new OAuthToken("t", nowMs, nowMs + 3_600_000, Map.of());
        assertEquals(nowMs + 3_600_000 - 300_000, cache.refreshAt(hour, nowMs), "at least buffer.seconds early");
        OAuthToken short2min = new OAuthToken("t", nowMs, nowMs + 120_000, Map.of());
        assertEquals(nowMs + 60_000, cache.refreshAt(short2min, nowMs), "never sooner than min.period.seconds");
        OAuthToken short30s = new OAuthToken("t", nowMs, nowMs + 30_000, Map.of());
        assertEquals(nowMs + 30_000, cache.refreshAt(short30s, nowMs), "but not after expiry");
    }

    @Test
    void aFailingProviderKeepsAValidTokenAndFailsWithoutOne() throws Exception {
        List<Object> answers = new ArrayList<>(List.of(new OAuthToken("t1", nowMs, nowMs + 600_000, Map.of()),
                new IllegalStateException("idp down"), new IllegalStateException("idp down")));
        TokenCache cache = new TokenCache(() -> {
            Object a = answers.remove(0);
            if (a instanceof Exception e) {
                throw e;
            }
            return (OAuthToken) a;
        }, new TokenCache.RefreshPolicy(0.5, 0.0, 0, 0), () -> nowMs, () -> 0.0);
        assertEquals("t1", cache.token().value());
        nowMs += 400_000; // past the refresh time, before expiry
        assertEquals("t1", cache.token().value());
        nowMs += 300_000; // expired
        SaslMechanismException e = assertThrows(SaslMechanismException.class, cache::token);
        assertTrue(e.getMessage().contains("idp down"), e.getMessage());
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
