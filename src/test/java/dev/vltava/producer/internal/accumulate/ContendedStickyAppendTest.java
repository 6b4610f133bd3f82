package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.partition.DefaultPartitioning;
import dev.vltava.producer.internal.partition.Router;
import dev.vltava.producer.internal.partition.StickyPartitionTracker;
import dev.vltava.producer.internal.partition.TopicRoute;
import dev.vltava.producer.internal.protocol.MetadataResponse;
import dev.vltava.producer.internal.record.RecordHeader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: a sticky record that finds another sending thread holding the sticky partition's monitor to append goes to
 * another partition instead of parking on the monitor ({@link AppendResult#CONTENDED}): virtual threads by default
 * (the tests widen it to their platform threads, and check the default separately). Records whose partition is chosen
 * by key, by the caller or by a partitioner, and the sender's appends, never move; one sending thread never finds
 * itself contending.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContendedStickyAppendTest {
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final int PARTITIONS = 3;
    private static final byte[] VALUE = new byte[100];
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final BufferPool pool = new BufferPool(1 << 20, 1024);
    private final RecordAccumulator acc = new RecordAccumulator(1024, 1_000_000_000L, pool);

    ContendedStickyAppendTest() {
        acc.divertContendedAppendsOf(t -> true); // the default diverts virtual threads only (below)
    }

    @Test
    void aStickyRecordDoesNotQueueBehindAnAppenderHoldingTheMonitor() throws Exception {
        PartitionQueue q = acc.queue(P0);
        try (AppenderHolding holder = new AppenderHolding(q)) {
            AtomicReference<AppendResult> result = new AtomicReference<>();
            Thread t = appendOnOwnThread(() -> result.set(append(q, true, 1000)));
            assertDoesNotBlockOn(t, q, "a sticky append");
            assertSame(AppendResult.CONTENDED, result.get());
        }
        assertEquals(0, pool.totalMemoryBytes() - pool.availableMemoryBytes(), "nothing taken, nothing appended");
    }

    @Test
    void byDefaultAPlatformThreadWaitsForTheMonitor() throws Exception {
        RecordAccumulator defaults = new RecordAccumulator(1024, 1_000_000_000L, pool); // the default rule
        PartitionQueue q = defaults.queue(P0);
        AtomicReference<AppendResult> result = new AtomicReference<>();
        Thread t;
        try (AppenderHolding holder = new AppenderHolding(q)) {
            t = appendOnOwnThread(() -> result.set(append(defaults, q, true, 1000)));
            waitUntilBlockedOn(t, q);
        }
        t.join();
        assertSame(AppendResult.NEW_BATCH, result.get());
    }

    @Test
    void byDefaultAVirtualThreadGoesElsewhere() throws Exception {
        Function<Runnable, Thread> virtual = virtualThreads();
        assumeTrue(virtual != null, "virtual threads need Java 21+");
        RecordAccumulator defaults = new RecordAccumulator(1024, 1_000_000_000L, pool); // the default rule
        PartitionQueue q = defaults.queue(P0);
        AtomicReference<Object> result = new AtomicReference<>();
        try (AppenderHolding holder = new AppenderHolding(q)) {
            Thread t = virtual.apply(() -> {
                try {
                    result.set(append(defaults, q, true, 1000));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            t.start();
            while (t.isAlive() && t.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            assertFalse(t.isAlive() && t.getState() == Thread.State.BLOCKED,
                    "the virtual thread parked on the held monitor");
            t.join();
        }
        assertSame(AppendResult.CONTENDED, result.get());
    }

    @Test
    void aRecordWhosePartitionIsFixedWaitsForTheMonitor() throws Exception {
        PartitionQueue q = acc.queue(P0);
        AtomicReference<AppendResult> result = new AtomicReference<>();
        Thread t;
        try (AppenderHolding holder = new AppenderHolding(q)) {
            t = appendOnOwnThread(() -> result.set(append(q, false, 1000)));
            waitUntilBlockedOn(t, q);
        }
        t.join();
        assertSame(AppendResult.NEW_BATCH, result.get(), "appended to its own partition once the holder left");
    }

    @Test
    void theSendersAppendOfAWaitingRecordWaitsForTheMonitor() throws Exception {
        PartitionQueue q = acc.queue(P0);
        AtomicReference<AppendResult> result = new AtomicReference<>();
        Thread t;
        try (AppenderHolding holder = new AppenderHolding(q)) {
            t = appendOnOwnThread(() -> result.set(append(q, true, RecordAccumulator.FROM_EARMARKED_MEMORY)));
            waitUntilBlockedOn(t, q);
        }
        t.join();
        assertSame(AppendResult.NEW_BATCH, result.get());
    }

    @Test
    void aStickyRecordWaitsBehindTheSenderDrainingThePartition() throws Exception {
        PartitionQueue q = acc.queue(P0);
        AtomicReference<AppendResult> result = new AtomicReference<>();
        Thread t;
        try (AppenderHolding holder = new AppenderHolding(q, false)) { // holds the monitor, not as an appender
            t = appendOnOwnThread(() -> result.set(append(q, true, 1000)));
            waitUntilBlockedOn(t, q);
        }
        t.join();
        assertSame(AppendResult.NEW_BATCH, result.get());
    }

    @Test
    void anAppendLeavesNoMarkBehindOnAnyPath() throws Exception {
        PartitionQueue q = acc.queue(P0);
        assertSame(AppendResult.NEW_BATCH, append(q, true, 1000));
        assertFalse(q.appenderInside(), "after opening a batch");
        assertSame(AppendResult.APPENDED, append(q, true, 1000));
        assertFalse(q.appenderInside(), "after appending");
        for (int i = 0; i < 20; i++) {
            AppendResult r = append(q, true, 1000);
            assertNotEquals(AppendResult.CONTENDED, r, "one thread never contends with itself");
            assertFalse(q.appenderInside(), "after " + r);
        }
        acc.closeForAppends();
        try {
            append(q, true, 1000);
        } catch (IllegalStateException expected) {
            // closed
        }
        assertFalse(q.appenderInside(), "after an append that threw");
    }

    @Test
    void theRouterSendsAContendedStickyRecordElsewhereAndKeepsKeyedRecordsInPlace() throws Exception {
        Router router = new Router(new DefaultPartitioning(false, new StickyPartitionTracker(1024)), null, acc,
                metadata(), false, () -> { });
        TopicRoute route = router.route(TOPIC, 0);
        int stickyChoice = router.partition(route, DefaultPartitioning.NO_PARTITION, null, null, null, VALUE);
        int sticky = stickyChoice & ~(1 << 30);
        PartitionQueue held = acc.queue(new TopicPartition(TOPIC, sticky));
        RecordFuture unkeyed = new RecordFuture(TOPIC, null, -1, VALUE.length, 0);
        RecordFuture explicit = new RecordFuture(TOPIC, null, -1, VALUE.length, 0);
        Thread t;
        try (AppenderHolding holder = new AppenderHolding(held)) {
            Thread u = appendOnOwnThread(() -> router.append(route, stickyChoice, DefaultPartitioning.NO_PARTITION,
                    null, VALUE, NO_HEADERS, 0, unkeyed, 1000, 1));
            assertDoesNotBlockOn(u, held, "the router's sticky append");
            t = appendOnOwnThread(() -> router.append(route, sticky, sticky, null, VALUE, NO_HEADERS, 0, explicit,
                    1000, 2));
            waitUntilBlockedOn(t, held);
        }
        t.join();
        assertNotEquals(sticky, unkeyed.partition(), "the unkeyed record went to another partition");
        assertTrue(unkeyed.partition() >= 0 && unkeyed.partition() < PARTITIONS);
        assertEquals(sticky, explicit.partition(), "the record for its own partition stayed there");
        assertEquals(sticky, router.partition(route, DefaultPartitioning.NO_PARTITION, null, null, null, VALUE)
                & ~(1 << 30), "the sticky partition did not move");
    }

    private AppendResult append(PartitionQueue q, boolean sticky, long maxBlockMs) throws InterruptedException {
        return append(acc, q, sticky, maxBlockMs);
    }

    private static AppendResult append(RecordAccumulator a, PartitionQueue q, boolean sticky, long maxBlockMs)
            throws InterruptedException {
        RecordFuture f = new RecordFuture(TOPIC, null, -1, VALUE.length, 0);
        return a.append(q, 0, null, VALUE, NO_HEADERS, f, maxBlockMs, sticky, 0);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static Thread appendOnOwnThread(Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "test-sender-thread");
        t.setDaemon(true); // if it blocks, it stays blocked until the holder lets go
        t.start();
        return t;
    }

    /** Fails if {@code t} blocks entering {@code monitor} before it ends (no timing: it ends or it blocks). */
    private static void assertDoesNotBlockOn(Thread t, Object monitor, String what) throws InterruptedException {
        while (t.isAlive() && !MonitorStates.blockedOn(t, monitor)) {
            Thread.onSpinWait();
        }
        assertFalse(MonitorStates.blockedOn(t, monitor) && t.isAlive(), what + " queued on the held monitor");
        t.join();
    }

    private static void waitUntilBlockedOn(Thread t, Object monitor) {
        while (!MonitorStates.blockedOn(t, monitor)) {
            assertTrue(t.isAlive(), "it should wait for the monitor, not finish without it");
            Thread.onSpinWait();
        }
    }

    /** Thread.ofVirtual().unstarted(task), or null before Java 21. */
    private static Function<Runnable, Thread> virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            MethodHandle unstarted = MethodHandles.publicLookup().findVirtual(
                    Class.forName("java.lang.Thread$Builder"), "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class)).bindTo(builder);
            return task -> {
                try {
                    return (Thread) unstarted.invoke(task);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Metadata metadata() {
        Metadata metadata = new Metadata(List.of(new BrokerAddress(-1, "h", 1, null)), 300_000, 300_000, 100);
        List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new MetadataResponse.PartitionMetadata((short) 0, p, 1, 0, new int[] {1}, new int[] {1},
                    new int[0]));
        }
        metadata.onResponse(new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "h", 1, null)), "c", 1,
                List.of(new MetadataResponse.TopicMetadata((short) 0, TOPIC, UUID.randomUUID(), false, parts)),
                (short) 0), 0);
        return metadata;
    }

    /**
     * A thread holding a partition's monitor (as an appending thread preempted inside append, or, with
     * {@code asAppender} false, as the sender draining it) until closed.
     */
    private static final class AppenderHolding implements AutoCloseable {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        AppenderHolding(PartitionQueue q) throws InterruptedException {
            this(q, true);
        }

        AppenderHolding(PartitionQueue q, boolean asAppender) throws InterruptedException {
            thread = new Thread(() -> {
                synchronized (q) {
                    if (asAppender) {
                        q.appendingIn();
                    }
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (asAppender) {
                            q.appendingOut();
                        }
                    }
                }
            }, "test-appender-holding-the-monitor");
            thread.setDaemon(true);
            thread.start();
            holding.await();
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }
}
