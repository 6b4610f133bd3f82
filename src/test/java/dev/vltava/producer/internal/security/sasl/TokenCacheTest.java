package dev.vltava.producer.internal.security.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OAUTHBEARER token cache: fetched and refreshed by its own thread (refreshIfDue, driven here with a fake wall
 * clock), by Kafka's sasl.login.refresh.* rules; failed fetches retried with sasl.login.retry.backoff.ms doubling up
 * to .max.ms; the network thread's questions (isSettled, current) never block and never call the source; close()
 * stops the thread even while the source blocks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TokenCacheTest {
    private long nowMs = 1_700_000_000_000L;

    private TokenCache cache(java.util.concurrent.Callable<OAuthToken> source, TokenCache.RefreshPolicy policy) {
        return new TokenCache(source, policy, new TokenCache.RetryBackoff(100, 1_000), () -> nowMs, () -> 0.0);
    }

    @Test
    void nothingIsFetchedOnTheAskingThreadAndTheFirstTokenSettlesTheCache() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        TokenCache cache = cache(() -> new OAuthToken("t" + fetched.incrementAndGet(), nowMs, nowMs + 3_600_000,
                Map.of()), TokenCache.RefreshPolicy.KAFKA_DEFAULTS);
        assertFalse(cache.isSettled());
        SaslMechanismException notYet = assertThrows(SaslMechanismException.class, cache::current);
        assertTrue(notYet.getMessage().contains("no valid token yet"), notYet.getMessage());
        assertEquals(0, fetched.get(), "asking never fetches");
        cache.refreshIfDue();
        assertTrue(cache.isSettled());
        assertEquals("t1", cache.current().value());
    }

    @Test
    void tokensAreRefreshedPerTheRefreshSettingsBeforeTheyExpire() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        // one-hour tokens; factor 0.8 + jitter 0 -> refresh after 48 min; buffer 5 min and min period 1 min allow it
        TokenCache cache = cache(() -> new OAuthToken("t" + fetched.incrementAndGet(), nowMs, nowMs + 3_600_000,
                Map.of()), new TokenCache.RefreshPolicy(0.8, 0.05, 60_000, 300_000));
        assertEquals(48 * 60_000, cache.refreshIfDue(), "the delay until the refresh is due");
        nowMs += 47 * 60_000;
        assertEquals(60_000, cache.refreshIfDue(), "not due yet: nothing fetched");
        assertEquals("t1", cache.current().value());
        nowMs += 60_000;
        cache.refreshIfDue();
        assertEquals("t2", cache.current().value(), "due at 80 % of the lifetime");
        assertEquals(2, fetched.get());
    }

    @Test
    void theBufferBeforeExpiryAndTheMinimumPeriodBoundTheRefreshTime() {
        TokenCache cache = cache(() -> null, new TokenCache.RefreshPolicy(1.0, 0.0, 60_000, 300_000));
        OAuthToken hour = new OAuthToken("t", nowMs, nowMs + 3_600_000, Map.of());
        assertEquals(nowMs + 3_600_000 - 300_000, cache.refreshAt(hour, nowMs), "at least buffer.seconds early");
        OAuthToken short2min = new OAuthToken("t", nowMs, nowMs + 120_000, Map.of());
        assertEquals(nowMs + 60_000, cache.refreshAt(short2min, nowMs), "never sooner than min.period.seconds");
        OAuthToken short30s = new OAuthToken("t", nowMs, nowMs + 30_000, Map.of());
        assertEquals(nowMs + 30_000, cache.refreshAt(short30s, nowMs), "but not after expiry");
    }

    @Test
    void failedFetchesAreRetriedWithDoublingBackoffAndAValidTokenIsKeptMeanwhile() throws Exception {
        List<Object> answers = new ArrayList<>(List.of(new OAuthToken("t1", nowMs, nowMs + 600_000, Map.of()),
                new IllegalStateException("idp down"), new IllegalStateException("idp down"),
                new IllegalStateException("idp down"), new IllegalStateException("idp down"),
                new IllegalStateException("idp down")));
        TokenCache cache = cache(() -> {
            Object a = answers.remove(0);
            if (a instanceof Exception e) {
                throw e;
            }
            return (OAuthToken) a;
        }, new TokenCache.RefreshPolicy(0.5, 0.0, 0, 0));
        assertEquals(300_000, cache.refreshIfDue());
        nowMs += 300_000; // due; the provider fails from now on
        assertEquals(100, cache.refreshIfDue(), "retry.backoff.ms");
        assertEquals("t1", cache.current().value(), "still valid: kept");
        nowMs += 100;
        assertEquals(200, cache.refreshIfDue(), "doubled");
        nowMs += 200;
        assertEquals(400, cache.refreshIfDue());
        nowMs += 400;
        assertEquals(800, cache.refreshIfDue());
        nowMs += 800;
        assertEquals(1_000, cache.refreshIfDue(), "capped at retry.backoff.max.ms");
        nowMs += 600_000; // t1 has expired
        assertTrue(cache.isSettled(), "a failure to report settles the cache too");
        SaslMechanismException e = assertThrows(SaslMechanismException.class, cache::current);
        assertTrue(e.getMessage().contains("token provider failed") && e.getMessage().contains("idp down"),
                e.getMessage());
    }

    @Test
    void aTokenAfterFailuresClearsTheFailureAndTheBackoff() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>(new IllegalStateException("idp down"));
        TokenCache cache = cache(() -> {
            if (answer.get() instanceof Exception e) {
                throw e;
            }
            return (OAuthToken) answer.get();
        }, TokenCache.RefreshPolicy.KAFKA_DEFAULTS);
        cache.refreshIfDue();
        assertThrows(SaslMechanismException.class, cache::current);
        answer.set(new OAuthToken("t", nowMs, nowMs + 3_600_000, Map.of()));
        nowMs += 100;
        cache.refreshIfDue();
        assertEquals("t", cache.current().value());
        answer.set(new IllegalStateException("idp down again"));
        nowMs += 3_600_000 - 300_000;
        assertEquals(100, cache.refreshIfDue(), "the backoff starts again from retry.backoff.ms");
    }

    @Test
    void aNullOrExpiredTokenIsAFailureThatSaysSo() {
        TokenCache none = cache(() -> null, TokenCache.RefreshPolicy.KAFKA_DEFAULTS);
        none.refreshIfDue();
        assertTrue(assertThrows(SaslMechanismException.class, none::current).getMessage().contains("no token"));
        TokenCache expired = cache(() -> new OAuthToken("t", nowMs - 10, nowMs - 1, Map.of()),
                TokenCache.RefreshPolicy.KAFKA_DEFAULTS);
        expired.refreshIfDue();
        assertTrue(assertThrows(SaslMechanismException.class, expired::current).getMessage().contains("expired"));
    }

    @Test
    void theThreadFetchesWhileAskersNeverBlockAndCloseStopsItEvenInsideABlockedFetch() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> fetchingThread = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch secondFetch = new CountDownLatch(1);
        TokenCache cache = new TokenCache(() -> {
            fetchingThread.set(Thread.currentThread().getName());
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                release.await(); // an identity provider that takes its time
                return new OAuthToken("t", System.currentTimeMillis(), System.currentTimeMillis() + 3_600_000,
                        Map.of());
            }
            secondFetch.countDown();
            new CountDownLatch(1).await(); // the second fetch blocks until interrupted (close)
            return null;
        }, new TokenCache.RefreshPolicy(0.8, 0.0, 0, 3_600_000 - 50), // hour-long tokens, refreshed at once
                new TokenCache.RetryBackoff(100, 1_000),
                System::currentTimeMillis, () -> 0.0);
        CountDownLatch changed = new CountDownLatch(1);
        cache.start("refresh-under-test", changed::countDown);
        entered.await();
        assertFalse(cache.isSettled(), "answers at once while the fetch blocks");
        assertThrows(SaslMechanismException.class, cache::current);
        release.countDown();
        changed.await();
        assertEquals("t", cache.current().value());
        assertEquals("refresh-under-test", fetchingThread.get());
        Thread t = cache.thread();
        assertTrue(t.isDaemon());
        secondFetch.await(); // the refresh is under way and blocked
        assertEquals("t", cache.current().value(), "the valid token is still served");
        cache.close();
        assertFalse(t.isAlive(), "close() stopped the refresh thread");
        assertNotEquals(0, calls.get());
        assertNull(new TokenCache(() -> null, TokenCache.RefreshPolicy.KAFKA_DEFAULTS,
                TokenCache.RetryBackoff.KAFKA_DEFAULTS, () -> nowMs, () -> 0.0).thread(), "no thread until started");
    }
}
