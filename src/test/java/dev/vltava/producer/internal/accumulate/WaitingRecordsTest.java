package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.testkit.Spin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitingRecordsTest {
    private static final String TOPIC = "t";
    private static final int RESERVED = 100;

    private static WaitingRecords.Waiting record(int explicitPartition, String value) {
        byte[] bytes = value.getBytes();
        return new WaitingRecords.Waiting(null, value, null, bytes, new RecordHeader[0], 0L, explicitPartition,
                new RecordFuture(TOPIC, null, -1, bytes.length, 0L), Long.MAX_VALUE, RESERVED);
    }

    @Test
    void recordsLeaveInSendOrderAndTheMoverCanStopAtTheHead() {
        WaitingRecords waiting = new WaitingRecords();
        for (int i = 0; i < 5; i++) {
            assertTrue(waiting.add(TOPIC, record(-1, "v" + i), true));
        }
        List<String> moved = new ArrayList<>();
        waiting.process((topic, w) -> {
            if (moved.size() == 3) {
                return false; // e.g. no memory for a new batch
            }
            moved.add((String) w.value);
            return true;
        });
        assertEquals(List.of("v0", "v1", "v2"), moved);
        assertTrue(waiting.isWaiting(TOPIC));
        waiting.process((topic, w) -> moved.add((String) w.value));
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), moved);
        assertFalse(waiting.isWaiting(TOPIC), "an emptied queue is released");
        assertFalse(waiting.add(TOPIC, record(-1, "late"), false), "without createIfAbsent a released topic is refused");
    }

    @Test
    void beginAndEndTopicSeeAllRecordsThenThoseThatStay() {
        WaitingRecords waiting = new WaitingRecords();
        waiting.add(TOPIC, record(-1, "a"), true);
        waiting.add(TOPIC, record(-1, "b"), true);
        List<Integer> seen = new ArrayList<>();
        waiting.process(new WaitingRecords.Mover() {
            @Override
            public void beginTopic(String topic, long reservedBytes) {
                seen.add((int) reservedBytes);
            }

            @Override
            public boolean tryMove(String topic, WaitingRecords.Waiting record) {
                return "a".equals(record.value);
            }

            @Override
            public long endTopic(String topic, Iterable<WaitingRecords.Waiting> remaining, long reservedBytes) {
                seen.add(count(remaining));
                seen.add((int) reservedBytes);
                return reservedBytes;
            }
        });
        assertEquals(List.of(2 * RESERVED, 1, RESERVED), seen, "the sum of all reservations, then of those that stay");
    }

    @Test
    void awaitDrainedReturnsAtOnceWhenNothingWaits() throws InterruptedException {
        assertTrue(new WaitingRecords().awaitDrained(TOPIC, 6, 60_000));
    }

    @Test
    void aSendPassesRecordsThatWaitForAPartitionMetadataLacks() throws InterruptedException {
        WaitingRecords waiting = new WaitingRecords();
        waiting.add(TOPIC, record(10, "for partition 10"), true);
        waiting.add(TOPIC, record(7, "for partition 7"), true);
        // With an endless timeout, only returning at once passes (waiting would trip the class's @Timeout).
        assertTrue(waiting.awaitDrained(TOPIC, 6, Long.MAX_VALUE),
                "a record routed among 6 partitions cannot go where they wait: it may append directly");
        assertTrue(waiting.isWaiting(TOPIC), "they still wait for their partitions");
    }

    @Test
    void aSendStillWaitsForAMovableRecordQueuedBehindOneForAMissingPartition() throws InterruptedException {
        WaitingRecords waiting = new WaitingRecords();
        waiting.add(TOPIC, record(10, "for partition 10"), true);
        waiting.add(TOPIC, record(-1, "queued for lack of memory"), true);
        assertFalse(waiting.awaitDrained(TOPIC, 6, 20), "it could go where the send goes: wait for it (bounded)");
    }

    @Test
    void theMoverPassesARecordThatWaitsForAMissingPartitionAndKeepsIt() {
        WaitingRecords waiting = new WaitingRecords();
        for (String v : List.of("p10-first", "a", "b", "p10-second", "c")) {
            waiting.add(TOPIC, record(v.startsWith("p10") ? 10 : -1, v), true);
        }
        List<String> moved = new ArrayList<>();
        waiting.process(new WaitingRecords.Mover() {
            @Override
            public boolean tryMove(String topic, WaitingRecords.Waiting w) {
                if (w.explicitPartition >= 6) {
                    return false;
                }
                moved.add((String) w.value);
                return true;
            }

            @Override
            public boolean othersMayPass(String topic, WaitingRecords.Waiting w) {
                return w.explicitPartition >= 6;
            }
        });
        assertEquals(List.of("a", "b", "c"), moved);
        assertEquals(2, waiting.futures().size(), "the two for partition 10 stay");
        List<String> offered = new ArrayList<>();
        waiting.process((topic, w) -> offered.add((String) w.value) && false);
        assertEquals(List.of("p10-first"), offered, "a mover that lets nobody pass stops at the first that stays");
        waiting.process((topic, w) -> offered.add((String) w.value));
        assertEquals(List.of("p10-first", "p10-first", "p10-second"), offered, "they stay in send order");
        assertFalse(waiting.isWaiting(TOPIC));
    }

    @Test
    void awaitDrainedWakesWhenTheSenderEmptiesTheQueue() throws Exception {
        WaitingRecords waiting = new WaitingRecords();
        waiting.add(TOPIC, record(-1, "x"), true);
        CompletableFuture<Boolean> drained = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                drained.complete(waiting.awaitDrained(TOPIC, 6, 60_000));
            } catch (Throwable e) {
                drained.completeExceptionally(e);
            }
        }, "awaiting-drain");
        waiter.setDaemon(true);
        waiter.start();
        // The only timed wait in awaitDrained is the one for the queue to drain: once the thread is parked there (or
        // has ended, which fails below), it waits for the sender.
        Spin.until(() -> waiter.getState() == Thread.State.TIMED_WAITING
                || waiter.getState() == Thread.State.TERMINATED, "the waiter parks or ends");
        assertFalse(drained.isDone(), "returned while the record was still queued: " + drained);
        waiting.process((topic, w) -> true);
        assertTrue(drained.get(20, TimeUnit.SECONDS), "woken by the drain, not by its 60 s timeout");
    }

    @Test
    void awaitDrainedGivesUpAfterItsTimeout() throws InterruptedException {
        WaitingRecords waiting = new WaitingRecords();
        waiting.add(TOPIC, record(-1, "stuck"), true);
        assertFalse(waiting.awaitDrained(TOPIC, 6, 20));
        assertTrue(waiting.isWaiting(TOPIC));
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
