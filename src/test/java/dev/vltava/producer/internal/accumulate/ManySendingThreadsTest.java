package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads append to a few partitions the way the sticky partitioner does (all to the current partition; one that
 * is told the open batch is full moves it on) while a sender thread drains, completes and frees batches, with memory
 * for only a few batches, so appenders also wait for memory and open batches for each other. Every record's future
 * completes exactly once, with an offset that keeps each thread's order within its partition, and all memory comes
 * back. Platform threads always; virtual threads too where the JVM has them (Java 21+, reached by reflection: the
 * library and its tests compile for Java 17).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManySendingThreadsTest {
    private static final String TOPIC = "t";
    private static final int PARTITIONS = 3;
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long MAX_BLOCK_MS = TimeUnit.MINUTES.toMillis(1);
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    @Test
    void platformThreadsAppendingStickyCompleteEveryRecordOnceInEachThreadsOrder() throws Exception {
        run(8, 2_000, Thread::new, 0);
    }

    /**
     * With linger.ms the sender finds sendable partitions through its ready check and index, from what each queue
     * publishes (it takes a partition's monitor only to drain it): no partition that holds a batch is lost while
     * appenders fill and close batches under the sender's look (a lost one would hang this test until flush).
     */
    @Test
    void withLingerTheSendersLockFreeLookLosesNoPartitionAndEveryRecordCompletesOnceInOrder() throws Exception {
        run(8, 2_000, Thread::new, TimeUnit.MICROSECONDS.toNanos(200));
        Function<Runnable, Thread> virtual = virtualThreads();
        if (virtual != null) {
            run(2_000, 20, virtual, TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    @Test
    void virtualThreadsAppendingStickyCompleteEveryRecordOnceInEachThreadsOrder() throws Exception {
        Function<Runnable, Thread> virtual = virtualThreads();
        if (virtual == null) {
            return; // before Java 21: the platform-thread case above covers the same code
        }
        run(2_000, 20, virtual, 0);
    }

    private static void run(int threads, int perThread, Function<Runnable, Thread> newThread, long lingerNs)
            throws Exception {
        BufferPool pool = new BufferPool(6 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, lingerNs, pool);
        int total = threads * perThread;
        AtomicIntegerArray callbacks = new AtomicIntegerArray(total);
        RecordFuture[] futures = new RecordFuture[total];
        AtomicInteger sticky = new AtomicInteger();
        AtomicInteger appendersLeft = new AtomicInteger(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] nextOffset = new long[PARTITIONS]; // the sender thread's

        Thread sender = new Thread(() -> {
            try {
                drainUntil(acc, nextOffset, () -> appendersLeft.get() == 0);
                acc.beginFlush();
                drainUntil(acc, nextOffset, () -> !acc.hasIncomplete());
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "test-sender");
        sender.setDaemon(true);
        sender.start();

        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = newThread.apply(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        int n = id * perThread + i;
                        futures[n] = new RecordFuture(TOPIC, (md, e) -> callbacks.incrementAndGet(n), -1, 8, TS);
                        appendSticky(acc, sticky, value(n), futures[n]);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    appendersLeft.decrementAndGet();
                }
            });
            appenders.add(thread);
        }
        for (Thread thread : appenders) {
            thread.start();
        }
        for (Thread thread : appenders) {
            thread.join();
        }
        sender.join();
        assertNull(failure.get(), () -> "a thread failed: " + failure.get());

        long[][] lastByThread = new long[threads][PARTITIONS];
        for (long[] row : lastByThread) {
            Arrays.fill(row, -1);
        }
        for (int n = 0; n < total; n++) {
            assertEquals(1, callbacks.get(n), "record " + n + ": callbacks run");
            assertTrue(futures[n].isDone() && !futures[n].isCompletedExceptionally(), "record " + n);
            RecordMetadata md = futures[n].get();
            int thread = n / perThread;
            assertTrue(md.offset() > lastByThread[thread][md.partition()],
                    "thread " + thread + " record " + n + " overtook an earlier one in partition " + md.partition());
            lastByThread[thread][md.partition()] = md.offset();
        }
        assertFalse(acc.hasIncomplete());
        assertEquals(pool.totalMemoryBytes(), pool.availableMemoryBytes(), "every buffer went back once");
    }

    /** As the router does for a record without a key. */
    private static void appendSticky(RecordAccumulator acc, AtomicInteger sticky, byte[] value, RecordFuture f)
            throws InterruptedException {
        int p = sticky.get();
        AppendResult r = acc.append(acc.queue(new TopicPartition(TOPIC, p)), TS, null, value, NO_HEADERS, f,
                MAX_BLOCK_MS, true, System.nanoTime());
        if (r == AppendResult.NEEDS_NEW_BATCH) {
            sticky.compareAndSet(p, (p + 1) % PARTITIONS);
            r = acc.append(acc.queue(new TopicPartition(TOPIC, sticky.get())), TS, null, value, NO_HEADERS, f,
                    MAX_BLOCK_MS, false, System.nanoTime());
        }
        if (r == null || r == AppendResult.NEEDS_NEW_BATCH) {
            throw new AssertionError("append returned " + r);
        }
    }

    /** The sender's part: drains what is sendable, completes it with the partition's next offsets, frees it. */
    private static void drainUntil(RecordAccumulator acc, long[] nextOffset, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (acc.ready(CLUSTER, ANY, now).readyNodes.isEmpty()) {
                Thread.yield();
                continue;
            }
            List<ProducerBatch> batches = acc.drain(CLUSTER, 1, Integer.MAX_VALUE, ANY, now);
            if (batches.isEmpty()) {
                Thread.yield();
            }
            for (ProducerBatch b : batches) {
                b.prepareForSend(null, -1L, (short) -1, -1);
                int p = b.topicPartition.partition();
                assertTrue(b.complete(nextOffset[p], -1L, Completions.callerRuns(), AckListener.NONE));
                acc.requestEnded(b, true);
                acc.deallocate(b);
                nextOffset[p] += b.recordCount();
            }
        }
    }

    private static final ClusterSnapshot CLUSTER = cluster();

    private static ClusterSnapshot cluster() {
        PartitionState[] partitions = new PartitionState[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            partitions[p] = new PartitionState(p, 1, 0, new int[] {1}, new int[] {1}, (short) 0);
        }
        return new ClusterSnapshot("c", Map.of(1, new BrokerAddress(1, "b1", 9092, null)),
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }

    private static byte[] value(int n) {
        return String.format("v%07d", n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
}
