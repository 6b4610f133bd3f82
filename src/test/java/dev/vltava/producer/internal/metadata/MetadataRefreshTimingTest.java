package dev.vltava.producer.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetadataRefreshTimingTest {
    private static final List<BrokerAddress> BOOTSTRAP = List.of(new BrokerAddress(-1, "localhost", 9092, null));

    @Test
    void aRequestedRefreshWaitsOutTheBackoffSinceTheLastAttempt() {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        long t0 = TimeUnit.SECONDS.toNanos(10);
        m.requestUpdate();
        m.onRequestSent(t0);
        m.onFailure(t0);
        m.requestUpdate();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(60), m.nanosUntilUpdate(t0 + TimeUnit.MILLISECONDS.toNanos(40)));
        assertEquals(0, m.nanosUntilUpdate(t0 + TimeUnit.MILLISECONDS.toNanos(150)));
    }

    @Test
    void hugeConfiguredDurationsDoNotWrapIntoRefreshNow() {
        Metadata m = new Metadata(BOOTSTRAP, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        long t0 = TimeUnit.SECONDS.toNanos(10);
        m.requestUpdate();
        m.onRequestSent(t0);
        m.onFailure(t0);
        m.requestUpdate();
        assertTrue(m.nanosUntilUpdate(t0 + TimeUnit.SECONDS.toNanos(1)) > TimeUnit.DAYS.toNanos(365),
                "retry.backoff.ms=Long.MAX_VALUE means no early retry, not a retry loop");
    }
}
