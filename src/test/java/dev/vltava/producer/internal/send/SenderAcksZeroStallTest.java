package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.compress.CompressionType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * acks=0 on a broker that stopped reading: produce requests the client could not write are retried on a new connection
 * when the connection is closed, whether a Metadata request's timeout closes it or their own request.timeout.ms
 * does; they never stay in flight for ever (which blocked the partition and close()).
 */
class SenderAcksZeroStallTest {
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private static SenderHarness acksZeroHarness() {
        SenderConfig config = new SenderConfig("test", (short) 0, 1024 * 1024, REQUEST_TIMEOUT_MS, 120_000,
                Integer.MAX_VALUE, 100, 1_000, 5, false, 1_000, CompressionType.NONE, 0);
        return new SenderHarness(config, 1, 1024, 0).warmUp();
    }

    /** A first record over a healthy connection (so node 0 is connected), then the broker stops reading. */
    private static void connectThenStall(SenderHarness h) throws InterruptedException {
        List<String> done = new ArrayList<>();
        h.append(0, "before", done);
        for (int i = 0; i < 20 && done.isEmpty(); i++) {
            h.step();
            h.advanceMs(10);
        }
        assertEquals(List.of("0:before"), done, "acks=0: done once written");
        h.transport.autoCompleteSends(false);
    }

    @Test
    void aMetadataTimeoutOnTheStalledConnectionRetriesTheUnwrittenProduceRequests() throws Exception {
        SenderHarness h = acksZeroHarness();
        connectThenStall(h);
        h.metadata.requestUpdate();
        h.advanceMs(200);
        h.steps(2);
        int metadataRequests = h.transport.sentFrames(SenderHarness.NODE).size();

        h.advanceMs(10_000);
        List<String> done = new ArrayList<>();
        RecordFuture stalled = h.append(0, "stalled", done);
        h.steps(2);
        assertEquals(1, h.sender.inFlight.size(), "the produce request waits behind the metadata request");
        assertTrue(h.transport.sentFrames(SenderHarness.NODE).size() > metadataRequests);

        // The metadata request is late; the produce request, sent 10 s after it, is not yet.
        h.advanceMs(REQUEST_TIMEOUT_MS - 10_000 + 1);
        h.transport.autoCompleteSends(true); // the next connection is healthy again
        h.step();
        assertTrue(h.transport.disconnectCalls().contains(SenderHarness.NODE), "the metadata timeout closed it");
        for (int i = 0; i < 50 && done.isEmpty(); i++) {
            h.advanceMs(100);
            h.step();
        }
        assertEquals(List.of("0:stalled"), done, "sent again on a new connection, and written");
        assertTrue(stalled.isDone());
        assertEquals(0, h.sender.inFlight.size());
        assertFalse(h.sender.hasPendingWork(), "nothing left for close() to wait for");
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(), "every buffer is back in the pool");
    }

    @Test
    void anUnwrittenProduceRequestTimesOutAfterTheRequestTimeoutAndIsRetried() throws Exception {
        SenderHarness h = acksZeroHarness();
        connectThenStall(h);
        List<String> done = new ArrayList<>();
        h.append(0, "stalled", done);
        h.steps(2);
        assertEquals(1, h.sender.inFlight.size());

        for (int i = 0; i < 40 && h.transport.disconnectCalls().isEmpty(); i++) {
            h.advanceMs(1_000);
            h.step();
        }
        assertEquals(List.of(SenderHarness.NODE), h.transport.disconnectCalls(), "request.timeout.ms closed it");
        h.transport.autoCompleteSends(true);
        for (int i = 0; i < 50 && done.isEmpty(); i++) {
            h.advanceMs(100);
            h.step();
        }
        assertEquals(List.of("0:stalled"), done);
        assertEquals(0, h.sender.inFlight.size());
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes());
    }
}
