package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** socket.connection.setup.timeout.ms doubles per failed attempt up to socket.connection.setup.timeout.max.ms. */
class BrokerClientConnectTimeoutTest {
    private static final long SETUP_MS = 1_000;
    private static final long SETUP_MAX_MS = 8_000;
    private static final BrokerAddress NODE = new BrokerAddress(0, "node0.invalid", 9092, null);

    private long nowNs = TimeUnit.SECONDS.toNanos(1);
    private final FakeTransport transport = new FakeTransport(); // connections never complete
    private final BrokerClient client = new BrokerClient(transport, "test", 5, 30_000, SETUP_MS, SETUP_MAX_MS, 0, 0,
            Long.MAX_VALUE, () -> nowNs);

    @Test
    void timeoutGrowsFromTheSetupTimeoutToTheMaxWithTwentyPercentJitter() {
        for (int failures = 0; failures < 30; failures++) {
            long expectedMs = Math.min(SETUP_MAX_MS, SETUP_MS << Math.min(failures, 20));
            for (int i = 0; i < 50; i++) {
                long ms = TimeUnit.NANOSECONDS.toMillis(client.connectTimeoutNs(failures));
                assertTrue(ms >= expectedMs * 0.8 - 1 && ms <= expectedMs * 1.2 + 1,
                        "failures=" + failures + ": " + ms + " ms, expected " + expectedMs + " ms +-20%");
            }
        }
    }

    @Test
    void withoutAMaxAboveTheSetupTimeoutItStaysFixed() {
        BrokerClient fixed = new BrokerClient(transport, "test", 5, 30_000, SETUP_MS, 0, 0, Long.MAX_VALUE,
                () -> nowNs);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(SETUP_MS), fixed.connectTimeoutNs(7));
    }

    @Test
    void eachFailedAttemptWaitsLongerBeforeGivingUp() {
        assertTrue(client.connect(NODE, nowNs));
        assertTrue(attemptStillRunningAfter(SETUP_MS * 8 / 10 - 10), "first attempt inside 1 s - 20%");
        assertFalse(attemptStillRunningAfter(SETUP_MS * 12 / 10 + 10), "first attempt gave up after 1 s + 20%");

        assertFalse(client.connect(NODE, nowNs), "not before the transport has reported the old connection's end");
        reconnect();
        assertTrue(attemptStillRunningAfter(2 * SETUP_MS * 8 / 10 - 10), "second attempt gets about 2 s (and the "
                + "late report of the first one's end did not kill it)");
        assertFalse(attemptStillRunningAfter(2 * SETUP_MS * 12 / 10 + 10));

        for (int i = 0; i < 6; i++) { // 4 s, 8 s, then capped at 8 s
            reconnect();
            assertFalse(attemptStillRunningAfter(SETUP_MAX_MS * 12 / 10 + 10), "never beyond the max");
        }
        reconnect();
        assertTrue(attemptStillRunningAfter(SETUP_MAX_MS * 8 / 10 - 10), "capped attempts still get the max");
    }

    /** One poll delivers the transport's report of the closed connection; then a new attempt may start. */
    private void reconnect() {
        client.poll(0);
        assertTrue(client.connect(NODE, nowNs), "no reconnect backoff configured");
    }

    /** Moves the clock forward from the attempt's start and polls; true if the node is still connecting. */
    private boolean attemptStillRunningAfter(long ms) {
        long start = nowNs;
        nowNs = start + TimeUnit.MILLISECONDS.toNanos(ms);
        client.poll(0);
        boolean connecting = client.isConnectedOrConnecting(0);
        if (connecting) {
            nowNs = start; // the caller checks the same attempt again from its start
        }
        return connecting;
    }
}
