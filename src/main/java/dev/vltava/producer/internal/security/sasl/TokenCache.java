package dev.vltava.producer.internal.security.sasl;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Holds the current OAUTHBEARER token and replaces it before it expires, with Kafka's {@code sasl.login.refresh.*}
 * rules: a refresh is due once {@code window.factor} (plus up to {@code window.jitter}) of the token's lifetime has
 * passed, but at least {@code buffer.seconds} before expiry and never sooner than {@code min.period.seconds} after
 * the token was obtained (unless that would pass its expiry). The refresh happens when a connection next
 * authenticates (a new connection or a KIP-368 re-authentication), on the thread that asks. A token that fails to
 * refresh is kept while it is still valid.
 */
public final class TokenCache {

    /** The {@code sasl.login.refresh.*} settings. */
    public record RefreshPolicy(double windowFactor, double windowJitter, long minPeriodMs, long bufferMs) {
        public static final RefreshPolicy KAFKA_DEFAULTS = new RefreshPolicy(0.8, 0.05, 60_000, 300_000);
    }

    private final Callable<OAuthToken> source;
    private final RefreshPolicy policy;
    private final LongSupplier wallClockMs;
    private final DoubleSupplier random;
    private OAuthToken current;
    private long refreshAtMs;

    public TokenCache(Callable<OAuthToken> source, RefreshPolicy policy, LongSupplier wallClockMs,
            DoubleSupplier random) {
        this.source = Objects.requireNonNull(source, "source");
        this.policy = policy;
        this.wallClockMs = wallClockMs;
        this.random = random;
    }

    /** The token to send now: the cached one, or a fresh one when it is due for refresh or has expired. */
    public synchronized OAuthToken token() throws SaslMechanismException {
        long now = wallClockMs.getAsLong();
        if (current != null && now < refreshAtMs) {
            return current;
        }
        OAuthToken fresh;
        try {
            fresh = source.call();
        } catch (Exception e) {
            if (current != null && now < current.expiresAtMs()) {
                return current; // still valid: try again at the next authentication
            }
            throw new SaslMechanismException("OAUTHBEARER: the token provider failed: " + e, e);
        }
        if (fresh == null) {
            throw new SaslMechanismException("OAUTHBEARER: the token provider returned no token");
        }
        if (fresh.expiresAtMs() <= now) {
            throw new SaslMechanismException("OAUTHBEARER: the token provider returned a token that has expired");
        }
        current = fresh;
        refreshAtMs = refreshAt(fresh, now);
        return fresh;
    }

    /** When the token obtained at {@code nowMs} is due to be replaced. */
    long refreshAt(OAuthToken t, long nowMs) {
        long start = t.startTimeMs() > 0 && t.startTimeMs() <= nowMs ? t.startTimeMs() : nowMs;
        long expiry = t.expiresAtMs();
        long lifetime = expiry - start;
        double fraction = policy.windowFactor() + policy.windowJitter() * random.getAsDouble();
        long at = start + (long) (lifetime * Math.min(1.0, fraction));
        if (expiry - at < policy.bufferMs()) {
            at = expiry - policy.bufferMs();
        }
        long earliest = nowMs + policy.minPeriodMs();
        if (at < earliest) {
            at = Math.min(earliest, expiry);
        }
        return Math.max(at, nowMs);
    }
}
