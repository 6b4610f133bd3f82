package dev.vltava.producer.internal.security.sasl;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current OAUTHBEARER token; a daemon thread of its own ({@link #start}) fetches it from the token source
 * and replaces it before it expires, so that a slow source (an HTTP token endpoint) never stalls the network thread.
 *
 * <p>Refresh, with Kafka's {@code sasl.login.refresh.*} rules: once {@code window.factor} (plus up to
 * {@code window.jitter}) of the token's lifetime has passed, but at least {@code buffer.seconds} before expiry and
 * never sooner than {@code min.period.seconds} after the token was obtained (unless that would pass its expiry).
 * A fetch that fails is retried after {@code sasl.login.retry.backoff.ms}, doubled per failure in a row up to
 * {@code sasl.login.retry.backoff.max.ms}; meanwhile a token that is still valid keeps being used.
 *
 * <p>The network thread only asks ({@link #isSettled}, {@link #current}): never blocks, never calls the source. A
 * connection that needs a token waits until the cache is settled (a valid token, or a failure to report); the
 * listener given to {@link #start} is told after every fetch (it wakes the network thread).
 */
public final class TokenCache {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
    private static final long CLOSE_WAIT_MS = 5_000;

    /** The {@code sasl.login.refresh.*} settings. */
    public record RefreshPolicy(double windowFactor, double windowJitter, long minPeriodMs, long bufferMs) {
        public static final RefreshPolicy KAFKA_DEFAULTS = new RefreshPolicy(0.8, 0.05, 60_000, 300_000);
    }

    /** {@code sasl.login.retry.backoff.ms} and {@code .max.ms}: the wait after a failed fetch, doubling. */
    public record RetryBackoff(long initialMs, long maxMs) {
        public static final RetryBackoff KAFKA_DEFAULTS = new RetryBackoff(100, 10_000);

        long afterFailures(int failuresInARow) {
            long initial = Math.max(1, initialMs);
            long wait = initial << Math.min(Math.max(0, failuresInARow - 1), 30);
            return Math.max(initial, Math.min(Math.max(initial, maxMs), wait));
        }
    }

    private final Callable<OAuthToken> source;
    private final RefreshPolicy policy;
    private final RetryBackoff backoff;
    private final LongSupplier wallClockMs;
    private final DoubleSupplier random;
    private final Object lock = new Object();
    // guarded by lock
    private OAuthToken current;
    private SaslMechanismException failure;
    private int failuresInARow;
    private long nextFetchAtMs = Long.MIN_VALUE;
    private boolean closed;
    private Thread thread;
    private volatile Runnable listener = () -> { };

    public TokenCache(Callable<OAuthToken> source, RefreshPolicy policy, RetryBackoff backoff,
            LongSupplier wallClockMs, DoubleSupplier random) {
        this.source = Objects.requireNonNull(source, "source");
        this.policy = policy;
        this.backoff = backoff;
        this.wallClockMs = wallClockMs;
        this.random = random;
    }

    /** Starts the refresh thread (once); {@code onChange} runs on it after every fetch, success or failure. */
    public void start(String threadName, Runnable onChange) {
        synchronized (lock) {
            if (thread != null || closed) {
                return;
            }
            listener = Objects.requireNonNull(onChange, "onChange");
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * True when a connection can authenticate now or be told why not: a valid token is held, or the last fetch
     * failed without one. False while the first token (or the replacement of an expired one) is still being
     * fetched. Never blocks.
     */
    public boolean isSettled() {
        long now = wallClockMs.getAsLong();
        synchronized (lock) {
            return (current != null && now < current.expiresAtMs()) || failure != null || closed;
        }
    }

    /**
     * The token to send now; never blocks.
     *
     * @throws SaslMechanismException when there is no valid token: the source's failure (naming its cause), or
     *         none fetched yet
     */
    public OAuthToken current() throws SaslMechanismException {
        long now = wallClockMs.getAsLong();
        synchronized (lock) {
            if (current != null && now < current.expiresAtMs()) {
                return current;
            }
            if (failure != null) {
                throw new SaslMechanismException(failure.getMessage(), failure.getCause());
            }
            if (closed) {
                throw new SaslMechanismException("OAUTHBEARER: the producer is closing");
            }
            throw new SaslMechanismException("OAUTHBEARER: no valid token yet (the token provider has not answered)");
        }
    }

    /**
     * Fetches a token if one is due (the refresh thread; tests call it directly with a fake clock). The source is
     * called without holding the lock. Returns the milliseconds until the next fetch is due.
     */
    long refreshIfDue() {
        long now = wallClockMs.getAsLong();
        synchronized (lock) {
            if (closed) {
                return Long.MAX_VALUE;
            }
            if (now < nextFetchAtMs) {
                return nextFetchAtMs - now;
            }
        }
        OAuthToken fresh = null;
        SaslMechanismException failed = null;
        try {
            fresh = source.call();
            if (fresh == null) {
                failed = new SaslMechanismException("OAUTHBEARER: the token provider returned no token");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = new SaslMechanismException("OAUTHBEARER: the token provider was interrupted", e);
        } catch (Exception e) {
            failed = new SaslMechanismException("OAUTHBEARER: the token provider failed: " + e, e);
        }
        now = wallClockMs.getAsLong();
        if (failed == null && fresh.expiresAtMs() <= now) {
            failed = new SaslMechanismException("OAUTHBEARER: the token provider returned a token that has expired");
        }
        long delay;
        synchronized (lock) {
            if (failed == null) {
                current = fresh;
                failure = null;
                failuresInARow = 0;
                // never a tight loop, even for tokens that live shorter than the buffer and min period allow
                nextFetchAtMs = Math.max(refreshAt(fresh, now), now + Math.max(1, backoff.initialMs()));
            } else {
                failuresInARow++;
                nextFetchAtMs = now + backoff.afterFailures(failuresInARow);
                failure = failed;
            }
            delay = Math.max(0, nextFetchAtMs - now);
        }
        if (failed != null) {
            LOG.warn("{} (retrying in {} ms)", failed.getMessage(), delay);
        } else {
            LOG.debug("OAUTHBEARER token obtained; next refresh in {} ms", delay);
        }
        listener.run();
        return delay;
    }

    private void run() {
        while (true) {
            long delay = refreshIfDue();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                if (delay > 0) {
                    try {
                        lock.wait(Math.min(delay, TimeUnit.DAYS.toMillis(1)));
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Stops the refresh thread (interrupting a fetch under way) and waits a little for it to end. */
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("The OAUTHBEARER token provider did not return within {} ms of close(); its thread {} is left to "
                    + "end by itself (a daemon)", CLOSE_WAIT_MS, t.getName());
        }
    }

    /** The refresh thread, or null before {@link #start} (tests). */
    Thread thread() {
        synchronized (lock) {
            return thread;
        }
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
