package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.completion.Completions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Callback;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.BufferPoolTimeoutException;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.record.RecordBatchReader;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.internal.record.RecordBatchLayout;
import dev.vltava.producer.testkit.Spin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordAccumulatorTest {
    private static final String TOPIC = "t";
    /** Led by node 1. */
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    /** Led by node 1. */
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    /** Led by node 2. */
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);
    /** No leader. */
    private static final TopicPartition P3 = new TopicPartition(TOPIC, 3);
    private static final int NODE_1 = 1;
    private static final int NODE_2 = 2;
    private static final ClusterSnapshot CLUSTER = cluster();

    /**
     * batch.size. Records below have a null key, a 10-byte value, no headers and the batch's base timestamp: 17 bytes
     * each (length 1, attributes 1, timestamp delta 1, offset delta 1, key 1, value 11, header count 1), so a batch
     * of 200 bytes (61-byte header) holds 8 of them: 61 + 8 * 17 = 197.
     */
    private static final int BATCH = 200;
    private static final int RECORDS_PER_BATCH = 8;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long NO_LINGER_EVER = TimeUnit.HOURS.toNanos(1);
    private static final long WAIT_FOREVER_MS = TimeUnit.MINUTES.toMillis(5);
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    // ------------------------------------------------------------------------------------------------ appending

    @Test
    void recordsFillTheOpenBatchThenOneThatDoesNotFitSealsItAndOpensANewOne() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i <= RECORDS_PER_BATCH; i++) {
            results.add(append(acc, P0, value(i), 0));
        }
        assertEquals(List.of(AppendResult.NEW_BATCH, AppendResult.APPENDED, AppendResult.APPENDED,
                AppendResult.APPENDED, AppendResult.APPENDED, AppendResult.APPENDED,
                AppendResult.APPENDED_BATCH_FULL, AppendResult.APPENDED_BATCH_FULL, AppendResult.NEW_BATCH), results,
                "full once fewer than 32 bytes are left, yet a record that still fits goes in; the next opens a batch");

        PartitionQueue q = acc.queue(P0);
        assertSame(q, acc.queue(P0), "one queue per partition");
        assertEquals(2, q.queuedBatches());
        ProducerBatch first = q.first();
        ProducerBatch second = q.last();
        assertEquals(RECORDS_PER_BATCH, first.recordCount());
        assertEquals(BatchState.CLOSED, first.state(), "sealed for appends when a record did not fit");
        assertTrue(first.sizeInBytes() <= BATCH);
        assertTrue(first.sizeInBytes() + RecordBatchWriter.sizeOfRecord(RECORDS_PER_BATCH, 0, null, value(8),
                NO_HEADERS) > BATCH, "the ninth record really did not fit");
        assertEquals(1, second.recordCount());
        assertEquals(BatchState.OPEN, second.state());
        assertEquals(8 * BATCH - RECORDS_PER_BATCH * RecordAccumulator.QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "two batch.size buffers taken from the pool, the closed batch's records "
                        + "charged");
        assertTrue(acc.hasIncomplete());
        assertEquals(Set.copyOf(List.of(first, second)), Set.copyOf(acc.incompleteBatches()));
    }

    @Test
    void withCompressionTheAppendingThreadSealsTheBatchItClosedAndTheSenderOnlyStampsIt() throws Exception {
        int batch = 4096;
        BufferPool pool = new BufferPool(10 * batch, batch);
        RecordAccumulator acc = new RecordAccumulator(batch, NO_LINGER_EVER, pool);
        acc.sealClosedBatchesOnAppendingThreads(() -> Codecs.compressor(CompressionType.LZ4));
        byte[] repetitive = "the same forty bytes of value, again ...".getBytes(StandardCharsets.UTF_8);
        List<RecordFuture> futures = new ArrayList<>();
        AppendResult r;
        int n = 0;
        do {
            RecordFuture f = future(null);
            futures.add(f);
            r = acc.append(P0, TS, null, repetitive, NO_HEADERS, f, 0, 0L);
            n++;
        } while (r != AppendResult.NEW_BATCH || n == 1);
        ProducerBatch closed = acc.queue(P0).first();
        assertEquals(BatchState.CLOSED, closed.state());
        assertFalse(closed.isBeingSealed());
        assertTrue(closed.sizeInBytes() < batch / 4, "already compressed by the appending thread: "
                + closed.sizeInBytes() + " bytes of " + batch);

        closed.prepareForSend(null, 7L, (short) 0, 0); // the sender's compressor is not needed any more
        RecordBatchReader reader = new RecordBatchReader(closed.wireBuffer());
        reader.ensureValid();
        assertEquals(CompressionType.LZ4, reader.compressionType());
        assertEquals(n - 1, reader.recordCount());
        assertEquals(n - 1, reader.records().size());
        assertEquals(7L, reader.producerId());
    }

    @Test
    void withoutEarlySealingTheClosedBatchStaysUncompressedUntilTheSenderSealsIt() throws Exception {
        int batch = 4096;
        BufferPool pool = new BufferPool(10 * batch, batch);
        RecordAccumulator acc = new RecordAccumulator(batch, NO_LINGER_EVER, pool);
        byte[] repetitive = "the same forty bytes of value, again ...".getBytes(StandardCharsets.UTF_8);
        AppendResult r;
        int n = 0;
        do {
            r = acc.append(P0, TS, null, repetitive, NO_HEADERS, future(null), 0, 0L);
            n++;
        } while (r != AppendResult.NEW_BATCH || n == 1);
        ProducerBatch closed = acc.queue(P0).first();
        assertTrue(closed.sizeInBytes() > batch * 3 / 4, "not compressed yet");
        closed.prepareForSend(Codecs.compressor(CompressionType.LZ4), -1L, (short) -1, -1);
        assertTrue(closed.sizeInBytes() < batch / 4, "the sender compressed it");
    }

    @Test
    void aBatchKnowsItsLargestRecordForTheRecordSizeMetric() throws Exception {
        // record-size-avg/max are recorded once per batch from this (as KafkaProducer does), not per record.
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        append(acc, P0, value(1), 0);
        append(acc, P0, "a longer value than the others".getBytes(StandardCharsets.UTF_8), 0);
        append(acc, P0, value(2), 0);
        ProducerBatch b = acc.queue(P0).last();

        int small = RecordBatchWriter.sizeOfRecord(0, 0, null, value(1), NO_HEADERS);
        int large = RecordBatchWriter.sizeOfRecord(1, 0, null,
                "a longer value than the others".getBytes(StandardCharsets.UTF_8), NO_HEADERS);
        assertTrue(large > small);
        assertEquals(large + RecordBatchLayout.HEADER_SIZE_IN_BYTES, b.maxRecordSizeInBytes());
    }

    @Test
    void drainedBatchesComeOutInSendOrderAndCompleteWithConsecutiveOffsets() throws Exception {
        BufferPool pool = new BufferPool(40 * BATCH, BATCH); // 8 batches and their records' heap charges
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        int n = 3 * RECORDS_PER_BATCH + 3; // three full batches and an open one
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordFuture f = new RecordFuture(TOPIC, null, -1, 10, TS + i);
            futures.add(f);
            acc.append(P0, TS + i, null, value(i), NO_HEADERS, f, 0, 0L);
            append(acc, P1, value(1000 + i), 0); // another partition of the same node, interleaved
        }
        acc.beginFlush(); // the open batch is sent too
        List<ProducerBatch> p0Batches = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<ProducerBatch> drained = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L);
            assertTrue(drained.size() <= 2, "at most one batch per partition per request: " + drained);
            for (ProducerBatch b : drained) {
                assertEquals(BatchState.CLOSED, b.state(), "no appends into a drained batch");
                if (b.topicPartition.equals(P0)) {
                    p0Batches.add(b);
                }
            }
        }
        acc.endFlush();
        assertEquals(4, p0Batches.size());
        assertEquals(0, acc.queue(P0).queuedBatches());

        List<String> seen = new ArrayList<>();
        long baseOffset = 100;
        for (ProducerBatch b : p0Batches) {
            for (DecodedRecord r : decode(b)) {
                seen.add(new String(r.value(), StandardCharsets.UTF_8));
                assertEquals(TS + seen.size() - 1, r.timestamp());
            }
            assertEquals(seen, officialValues(p0Batches.subList(0, p0Batches.indexOf(b) + 1)),
                    "the official decoder reads the same records");
            assertTrue(b.complete(baseOffset, -1L, Completions.callerRuns(), AckListener.NONE));
            baseOffset += b.recordCount();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(new String(value(i), StandardCharsets.UTF_8));
        }
        assertEquals(expected, seen);
        for (int i = 0; i < n; i++) {
            RecordMetadata md = futures.get(i).get(0, TimeUnit.SECONDS);
            assertEquals(100 + i, md.offset(), "record " + i);
            assertEquals(0, md.partition());
            assertEquals(TS + i, md.timestamp());
        }
    }

    @Test
    void abortIfNewBatchReportsNeedsNewBatchInsteadOfOpeningOne() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(P0);
        assertEquals(AppendResult.NEW_BATCH, appendSticky(acc, q, value(0), future(null)),
                "an empty queue gets its first batch even when asked to abort on a new one");
        for (int i = 1; i < RECORDS_PER_BATCH; i++) {
            assertFalse(appendSticky(acc, q, value(i), future(null)) == AppendResult.NEEDS_NEW_BATCH);
        }
        long available = pool.availableMemoryBytes();

        RecordFuture f = future(null);
        assertEquals(AppendResult.NEEDS_NEW_BATCH, appendSticky(acc, q, value(99), f));
        assertEquals(1, q.queuedBatches(), "no batch opened");
        assertEquals(RECORDS_PER_BATCH, q.first().recordCount(), "nothing appended");
        assertEquals(BatchState.CLOSED, q.first().state(), "the batch that is full is sealed");
        assertEquals(available - RECORDS_PER_BATCH * RecordAccumulator.QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "no buffer taken; the closed batch's records are charged");
        assertFalse(f.isDone());

        // the caller (the sticky partitioner) then appends elsewhere, or here without aborting
        assertEquals(AppendResult.NEW_BATCH,
                acc.append(q, TS, null, value(99), NO_HEADERS, f, 0, false, 0L));
        assertEquals(2, q.queuedBatches());
    }

    @Test
    void withoutBlockingAnAppendThatNeedsMemoryThePoolLacksReturnsNull() throws InterruptedException {
        BufferPool pool = new BufferPool(BATCH, BATCH); // room for one batch
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        assertEquals(AppendResult.NEW_BATCH, append(acc, P0, value(0), 0));
        assertEquals(0, pool.availableMemoryBytes());

        RecordFuture f = future(null);
        assertNull(acc.append(P1, TS, null, value(1), NO_HEADERS, f, 0, 0L), "maxBlockMs 0: no memory, no wait");
        assertNull(acc.append(P1, TS, null, value(1), NO_HEADERS, f, RecordAccumulator.FROM_EARMARKED_MEMORY, 0L),
                "nothing earmarked either");
        assertEquals(0, acc.queue(P1).queuedBatches());
        assertFalse(f.isDone(), "the caller keeps the record");
        assertEquals(AppendResult.APPENDED, append(acc, P0, value(2), 0), "the open batch needs no memory");
        assertThrows(BufferPoolTimeoutException.class,
                () -> acc.append(P1, TS, null, value(1), NO_HEADERS, f, 1, 0L),
                "a blocking append times out after maxBlockMs");
        assertEquals(0, acc.queue(P1).queuedBatches());
        assertEquals(0, pool.queuedWaiters());
    }

    @Test
    void theSenderUsesEarmarkedMemoryAheadOfACallerBlockedForMemory() throws Exception {
        BufferPool pool = new BufferPool(2 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        assertEquals(AppendResult.NEW_BATCH, append(acc, P0, value(0), 0));
        pool.reserve(BATCH, 0); // a record waiting for metadata holds the rest of the budget
        assertEquals(0, pool.availableMemoryBytes());

        RecordFuture blockedFuture = future(null);
        CompletableFuture<AppendResult> blocked = appendInThread(acc, P1, blockedFuture, WAIT_FOREVER_MS);
        awaitWaiters(pool, 1);

        RecordFuture moved = future(null);
        assertNull(acc.append(P2, TS, null, value(2), NO_HEADERS, moved, 0, 0L),
                "an ordinary non-blocking append queues behind the blocked caller");
        pool.earmark(BATCH); // the sender hands the waiting record's reservation to the earmark
        assertEquals(AppendResult.NEW_BATCH,
                acc.append(P2, TS, null, value(2), NO_HEADERS, moved, RecordAccumulator.FROM_EARMARKED_MEMORY, 0L));
        assertEquals(0, pool.earmarkedBytes(), "the new batch took the earmark");
        assertEquals(1, acc.queue(P2).queuedBatches());
        assertEquals(1, pool.queuedWaiters(), "the blocked caller still waits");
        assertFalse(blocked.isDone());

        // The sender finishes the first batch: its buffer goes to the blocked caller.
        List<ProducerBatch> all = acc.drainAll();
        assertEquals(2, all.size());
        ProducerBatch p0Batch = all.stream().filter(b -> b.topicPartition.equals(P0)).findFirst().orElseThrow();
        acc.deallocate(p0Batch);
        assertEquals(AppendResult.NEW_BATCH, blocked.get(30, TimeUnit.SECONDS));
        assertEquals(1, acc.queue(P1).queuedBatches());
        for (ProducerBatch b : all) {
            acc.deallocate(b); // once only: the p0 buffer is not credited again
        }
        acc.deallocate(acc.drainAll().get(0));
        assertEquals(pool.totalMemoryBytes(), pool.availableMemoryBytes());
        assertFalse(acc.hasIncomplete());
    }

    @Test
    void aRecordLargerThanBatchSizeGetsABatchOfItsOwnSize() throws InterruptedException {
        BufferPool pool = new BufferPool(10_000, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        append(acc, P0, value(0), 0);
        byte[] big = new byte[500];
        Arrays.fill(big, (byte) 'x');
        RecordHeader[] headers = {new DecodedRecord.Header("h", new byte[] {1, 2})};
        int expectedCapacity = RecordBatchWriter.estimateMaxSizeInBytes(null, big, headers);
        assertTrue(expectedCapacity > BATCH);

        assertEquals(AppendResult.NEW_BATCH, acc.append(P0, TS, null, big, headers, future(null), 0, 0L));
        assertEquals(10_000 - BATCH - expectedCapacity - RecordAccumulator.QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "a buffer of exactly the record's bound, not batch.size (and the "
                        + "closed one-record batch's charge)");
        PartitionQueue q = acc.queue(P0);
        assertEquals(2, q.queuedBatches());
        assertEquals(BatchState.CLOSED, q.first().state(), "the small open batch was sealed first");
        ProducerBatch bigBatch = q.last();
        assertEquals(1, bigBatch.recordCount());
        assertTrue(bigBatch.isFull());
        ProducerBatch small = q.first();
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, ANY, 0L).readyNodes);

        acc.beginFlush();
        List<ProducerBatch> drained = new ArrayList<>(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L));
        drained.addAll(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L));
        assertEquals(List.of(small, bigBatch), drained);
        List<DecodedRecord> records = decode(bigBatch);
        assertEquals(1, records.size());
        assertTrue(Arrays.equals(big, records.get(0).value()));
        assertEquals("h", records.get(0).headers().get(0).key());
        for (ProducerBatch b : drained) {
            acc.deallocate(b);
        }
        assertEquals(10_000, pool.availableMemoryBytes());
        assertEquals(1, pool.freeBufferCount(), "only the batch.size buffer is kept for reuse");
    }

    // ------------------------------------------------------------------------------------------------ ready, drain

    @Test
    void aLoneBatchIsReadyOnceItsLingerHasPassed() throws InterruptedException {
        long linger = 5_000_000L;
        long created = 1_000_000_000L;
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, linger, pool);
        acc.append(P0, TS, null, value(0), NO_HEADERS, future(null), 0, created);
        acc.append(P0, TS, null, value(1), NO_HEADERS, future(null), 0, created + linger - 10); // same batch

        // Due half a millisecond before linger.ms (ReadyIndex.LINGER_ROUNDING_NS: the poll waits whole milliseconds).
        long due = linger - ReadyIndex.LINGER_ROUNDING_NS;
        RecordAccumulator.ReadyCheck early = acc.ready(CLUSTER, ANY, created + 1_000);
        assertTrue(early.readyNodes.isEmpty());
        assertEquals(due - 1_000, early.nextCheckDelayNs, "linger counts from the batch's creation");
        assertFalse(early.unknownLeaders);
        assertTrue(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, created + due - 1).isEmpty());

        RecordAccumulator.ReadyCheck ready = acc.ready(CLUSTER, ANY, created + due);
        assertEquals(Set.of(NODE_1), ready.readyNodes);
        assertEquals(Long.MAX_VALUE, ready.nextCheckDelayNs);
        assertTrue(acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, created + due).isEmpty(),
                "another node's partitions only");
        List<ProducerBatch> drained = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, created + due);
        assertEquals(1, drained.size());
        assertEquals(2, drained.get(0).recordCount());
        assertEquals(AppendResult.NEW_BATCH, append(acc, P0, value(2), 0), "a drained batch takes no more records");
    }

    @Test
    void aFullBatchOrOneWithAnotherBehindItIsReadyBeforeItsLinger() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        for (int i = 0; i < RECORDS_PER_BATCH - 1; i++) {
            append(acc, P0, value(i), 0); // 7 records: isFull, still open
        }
        assertEquals(BatchState.OPEN, acc.queue(P0).first().state());
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, ANY, 0L).readyNodes, "full");

        RecordAccumulator acc2 = new RecordAccumulator(10 * BATCH, NO_LINGER_EVER, new BufferPool(100_000, 10 * BATCH));
        byte[] big = new byte[1950]; // does not fit what is left of a 2000-byte batch
        acc2.append(P2, TS, null, value(0), NO_HEADERS, future(null), 0, 0L);
        assertTrue(acc2.ready(CLUSTER, ANY, 0L).readyNodes.isEmpty(), "not full, lingering");
        acc2.append(P2, TS, null, big, NO_HEADERS, future(null), 0, 0L); // does not fit: a second batch
        assertEquals(2, acc2.queue(P2).queuedBatches());
        assertEquals(Set.of(NODE_2), acc2.ready(CLUSTER, ANY, 0L).readyNodes, "sealed with a batch behind it");
    }

    @Test
    void flushAndCloseMakeLingeringBatchesReady() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        append(acc, P0, value(0), 0);
        append(acc, P2, value(0), 0);
        assertTrue(acc.ready(CLUSTER, ANY, 0L).readyNodes.isEmpty());
        acc.beginFlush();
        acc.beginFlush();
        acc.endFlush();
        assertEquals(Set.of(NODE_1, NODE_2), acc.ready(CLUSTER, ANY, 0L).readyNodes, "one flush still running");
        acc.endFlush();
        assertTrue(acc.ready(CLUSTER, ANY, 0L).readyNodes.isEmpty(), "all flushes ended");
        acc.beginClose();
        assertEquals(Set.of(NODE_1, NODE_2), acc.ready(CLUSTER, ANY, 0L).readyNodes);
        assertEquals(1, acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, 0L).size());
    }

    @Test
    void readyReportsAPartitionWithoutALeaderAndSkipsIt() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
        RecordAccumulator.ReadyCheck none = acc.ready(CLUSTER, ANY, 0L);
        assertFalse(none.unknownLeaders);
        append(acc, P3, value(0), 0);
        RecordAccumulator.ReadyCheck check = acc.ready(CLUSTER, ANY, 0L);
        assertTrue(check.unknownLeaders);
        assertTrue(check.readyNodes.isEmpty());
        RecordAccumulator other = new RecordAccumulator(BATCH, 0, pool);
        append(other, new TopicPartition("unknown-topic", 0), value(0), 0);
        assertTrue(other.ready(CLUSTER, ANY, 0L).unknownLeaders, "a topic the cluster does not know");
    }

    @Test
    void theInFlightPolicyHoldsAPartitionBackUntilItsRequestEnds() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
        for (int i = 0; i < 3 * RECORDS_PER_BATCH; i++) {
            append(acc, P0, value(i), 0);
        }
        List<Integer> seenInFlight = new ArrayList<>();
        List<Boolean> seenSuccess = new ArrayList<>();
        RecordAccumulator.InFlightPolicy onePerPartition = (inFlight, hadSuccess) -> {
            seenInFlight.add(inFlight);
            seenSuccess.add(hadSuccess);
            return inFlight < 1;
        };
        List<ProducerBatch> first = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, onePerPartition, 0L);
        assertEquals(1, first.size());
        assertEquals(0, acc.ready(CLUSTER, onePerPartition, 0L).readyNodes.size(), "one in flight already");
        assertTrue(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, onePerPartition, 0L).isEmpty());
        assertEquals(List.of(0, 1), seenInFlight, "parked by the ready check: the drain does not ask again");
        assertEquals(List.of(false, false), seenSuccess);
        assertEquals(1, acc.readyIndex().parkedCount());

        acc.requestEnded(first.get(0), true);
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, onePerPartition, 0L).readyNodes);
        assertTrue(seenSuccess.get(seenSuccess.size() - 1), "a successful request is remembered");
        List<ProducerBatch> second = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, onePerPartition, 0L);
        assertEquals(1, second.size());
        assertFalse(first.get(0) == second.get(0), "the next batch, not the same one again");
        acc.requestEnded(second.get(0), false);
        acc.resetPartitionSuccess();
        acc.ready(CLUSTER, onePerPartition, 0L);
        assertFalse(seenSuccess.get(seenSuccess.size() - 1), "forgotten for a new producer id");
    }

    @Test
    void drainTakesAtLeastOneBatchButStaysWithinMaxRequestSize() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
        append(acc, P0, value(0), 0);
        append(acc, P1, value(1), 0);
        List<ProducerBatch> one = acc.drain(CLUSTER, NODE_1, 1, ANY, 0L);
        assertEquals(1, one.size(), "the first batch goes even when larger than the limit; no second one");
        List<ProducerBatch> rest = acc.drain(CLUSTER, NODE_1, 1, ANY, 0L);
        assertEquals(1, rest.size());
        assertFalse(one.get(0).topicPartition.equals(rest.get(0).topicPartition));
        acc.requestEnded(one.get(0), true);
        acc.requestEnded(rest.get(0), true);

        append(acc, P0, value(2), 0);
        append(acc, P1, value(3), 0);
        int both = 2 * acc.queue(P0).first().sizeInBytes();
        assertEquals(2, acc.drain(CLUSTER, NODE_1, both, ANY, 0L).size(), "both fit exactly");
    }

    @Test
    void aRetriedBatchGoesBackToTheFrontAndWaitsForItsBackoff() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
        for (int i = 0; i < RECORDS_PER_BATCH + 1; i++) {
            append(acc, P0, value(i), 0);
        }
        ProducerBatch sent = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0);
        sent.prepareForSend(null, -1L, (short) -1, -1);
        assertEquals(BatchState.IN_FLIGHT, sent.state());
        acc.requestEnded(sent, false);
        long now = 1_000_000L;
        acc.reenqueue(sent, now + 500);
        assertEquals(BatchState.CLOSED, sent.state());
        assertEquals(2, acc.queue(P0).queuedBatches());

        RecordAccumulator.ReadyCheck waiting = acc.ready(CLUSTER, ANY, now);
        assertTrue(waiting.readyNodes.isEmpty(), "the retry is at the front and backs off; the batch behind waits");
        assertEquals(500, waiting.nextCheckDelayNs);
        assertTrue(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, now + 499).isEmpty());
        assertSame(sent, acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, now + 500).get(0));
        acc.requestEnded(sent, true);
        ProducerBatch next = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, now + 500).get(0);
        assertEquals(new String(value(RECORDS_PER_BATCH), StandardCharsets.UTF_8),
                new String(decode(next).get(0).value(), StandardCharsets.UTF_8), "then the batch behind it");
        sent.prepareForSend(null, -1L, (short) -1, -1);
        assertEquals(2, sent.attempts());
    }

    @Test
    void retriesGoBackInSequenceOrderWhicheverFailsFirst() throws InterruptedException {
        for (boolean laterFailsFirst : new boolean[] {true, false}) {
            BufferPool pool = new BufferPool(10 * BATCH, BATCH);
            RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
            for (int i = 0; i < 3 * RECORDS_PER_BATCH; i++) {
                append(acc, P0, value(i), 0);
            }
            ProducerBatch b1 = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0);
            ProducerBatch b2 = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0);
            b1.prepareForSend(null, 7L, (short) 0, 0);
            b2.prepareForSend(null, 7L, (short) 0, b1.recordCount());
            acc.requestEnded(b1, false);
            acc.requestEnded(b2, false);
            if (laterFailsFirst) {
                acc.reenqueue(b2, 0L);
                assertFalse(acc.hasRetryBefore(b2), "b1 is not queued yet");
                acc.reenqueue(b1, 0L);
            } else {
                acc.reenqueue(b1, 0L);
                acc.reenqueue(b2, 0L);
            }
            assertTrue(acc.hasRetryBefore(b2), "b1 (lower sequence) waits ahead of b2");
            assertFalse(acc.hasRetryBefore(b1));
            assertSame(b1, acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0), "b2 failed first: "
                    + laterFailsFirst);
            assertSame(b2, acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0));
            ProducerBatch third = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L).get(0);
            assertEquals(new String(value(2 * RECORDS_PER_BATCH), StandardCharsets.UTF_8),
                    new String(decode(third).get(0).value(), StandardCharsets.UTF_8), "then the never-sent batch");
        }
    }

    @Test
    void expiredTakesOnlyBatchesOlderThanTheDeliveryTimeout() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            acc.append(P0, TS, null, value(i), NO_HEADERS, future(null), 0, 0L);
        }
        acc.append(P0, TS, null, value(8), NO_HEADERS, future(null), 0, 600L); // second batch, newer
        acc.append(P2, TS, null, value(9), NO_HEADERS, future(null), 0, 100L);
        ProducerBatch p0Old = acc.queue(P0).first();
        ProducerBatch p0New = acc.queue(P0).last();
        ProducerBatch p2Batch = acc.queue(P2).first();

        assertTrue(acc.expired(500, 499L).isEmpty(), "499 ns old at most");
        List<ProducerBatch> expired = acc.expired(500, 1_000L);
        assertEquals(Set.of(p0Old, p2Batch), new HashSet<>(expired));
        assertEquals(BatchState.CLOSED, p2Batch.state(), "an expired open batch takes no more records");
        assertEquals(1, acc.queue(P0).queuedBatches());
        assertSame(p0New, acc.queue(P0).first());
        assertEquals(BatchState.OPEN, p0New.state());
        assertTrue(acc.hasIncomplete(), "expired batches stay incomplete until deallocated");
    }

    // ------------------------------------------------------------------------------------------------ close, abort

    @Test
    void appendsAfterCloseFailWithAClearException() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        append(acc, P0, value(0), 0);
        acc.beginClose();
        assertEquals(AppendResult.APPENDED, append(acc, P0, value(1), 0), "closing (graceful) still takes records");
        acc.closeForAppends();
        long available = pool.availableMemoryBytes();
        RecordFuture f = future(null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> acc.append(P0, TS, null, value(2), NO_HEADERS, f, 0, 0L));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> acc.append(P1, TS, null, value(2), NO_HEADERS, f, WAIT_FOREVER_MS, 0L), "new partition too");
        assertEquals(available, pool.availableMemoryBytes(), "no memory taken");
        assertEquals(0, acc.queue(P1).queuedBatches());
        assertEquals(2, acc.queue(P0).first().recordCount());
        assertFalse(f.isDone(), "the caller fails the record itself");
    }

    @Test
    void closingWhileAnAppendWaitsForMemoryFailsItAndReturnsTheBuffer() throws Exception {
        BufferPool pool = new BufferPool(BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        append(acc, P0, value(0), 0);
        RecordFuture waiting = future(null);
        CompletableFuture<AppendResult> blocked = appendInThread(acc, P1, waiting, WAIT_FOREVER_MS);
        awaitWaiters(pool, 1);

        acc.closeForAppends(); // the sender's final steps: closeForAppends, drainAll, fail, deallocate
        List<ProducerBatch> left = acc.drainAll();
        assertEquals(1, left.size());
        assertTrue(left.get(0).fail(new IllegalStateException("closed"), Completions.callerRuns(), AckListener.NONE));
        acc.deallocate(left.get(0)); // memory for the blocked append, which must not open an orphan batch

        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(0, acc.queue(P1).queuedBatches());
        assertTrue(acc.drainAll().isEmpty());
        assertFalse(waiting.isDone());
        assertEquals(BATCH, pool.availableMemoryBytes(), "the buffer it got went back");
        assertFalse(acc.hasIncomplete());
    }

    @Test
    void abortingCompletesEveryRecordFutureExactlyOnceAndFreesAllMemory() throws Exception {
        BufferPool pool = new BufferPool(60 * BATCH, BATCH); // 10 batches and their records' heap charges
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        List<RecordFuture> futures = new ArrayList<>();
        List<AtomicInteger> calls = new ArrayList<>();
        List<Exception> callbackErrors = new ArrayList<>();
        List<Integer> expectedPartitions = new ArrayList<>();
        List<Integer> callbackPartitions = new ArrayList<>();
        for (int i = 0; i < 2 * RECORDS_PER_BATCH + 2; i++) {
            for (TopicPartition tp : List.of(P0, P2, P3)) {
                AtomicInteger count = new AtomicInteger();
                RecordFuture f = future((md, ex) -> {
                    count.incrementAndGet();
                    callbackErrors.add(ex);
                    callbackPartitions.add(md.partition());
                });
                expectedPartitions.add(tp.partition());
                calls.add(count);
                futures.add(f);
                acc.append(tp, TS, null, value(i), NO_HEADERS, f, 0, 0L);
            }
        }
        // one batch is in flight when the producer aborts; its buffer stays with the request
        ProducerBatch inFlight = acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, 0L).get(0);
        List<ProducerBatch> queued = acc.drainAll();
        assertEquals(8, queued.size(), "3 batches for each of P0, P2, P3, less the one in flight");
        assertTrue(queued.stream().allMatch(b -> b.state() == BatchState.CLOSED));
        assertTrue(acc.drainAll().isEmpty());
        assertTrue(acc.ready(CLUSTER, ANY, Long.MAX_VALUE).readyNodes.isEmpty());

        Exception error = new IllegalStateException("aborted");
        Completions completions = Completions.callerRuns();
        for (ProducerBatch b : queued) {
            assertTrue(b.fail(error, completions, AckListener.NONE));
            acc.deallocate(b);
        }
        assertTrue(inFlight.fail(error, completions, AckListener.NONE));
        assertTrue(acc.hasIncomplete(), "the in-flight batch is not deallocated yet");
        assertEquals(pool.totalMemoryBytes() - BATCH
                - (long) inFlight.recordCount() * RecordAccumulator.QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "the in-flight batch keeps its buffer and its records' charge");

        // a late response or a second abort cannot complete anything again
        for (ProducerBatch b : queued) {
            assertFalse(b.fail(new RuntimeException("again"), completions, AckListener.NONE));
            assertFalse(b.complete(0L, -1L, completions, AckListener.NONE));
            assertTrue(b.isDone());
            assertTrue(b.awaitDone(0, TimeUnit.SECONDS));
        }
        assertFalse(inFlight.complete(0L, -1L, completions, AckListener.NONE));
        acc.deallocate(inFlight);
        acc.deallocate(inFlight); // a second call gives nothing back twice (the pool would throw)

        for (int i = 0; i < futures.size(); i++) {
            assertEquals(1, calls.get(i).get(), "callback of record " + i);
            ExecutionException e = assertThrows(ExecutionException.class, futures.get(i)::get);
            assertSame(error, e.getCause());
        }
        assertTrue(callbackErrors.stream().allMatch(ex -> ex == error));
        assertEquals(futures.size(), callbackErrors.size());
        assertEquals(new HashSet<>(expectedPartitions), new HashSet<>(callbackPartitions));
        assertEquals(expectedPartitions.stream().mapToInt(Integer::intValue).sum(),
                callbackPartitions.stream().mapToInt(Integer::intValue).sum(), "each record reports its partition");
        assertFalse(acc.hasIncomplete());
        assertEquals(pool.totalMemoryBytes(), pool.availableMemoryBytes());
    }

    @Test
    void concurrentAppendersLoseNothingAndKeepEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 300;
        BufferPool pool = new BufferPool(1_000_000, 1024);
        RecordAccumulator acc = new RecordAccumulator(1024, NO_LINGER_EVER, pool);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            CompletableFuture<Void> result = new CompletableFuture<>();
            done.add(result);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] v = String.format("T%d-%05d", id, i).getBytes(StandardCharsets.UTF_8);
                        acc.append(P0, TS, null, v, NO_HEADERS, future(null), WAIT_FOREVER_MS, 0L);
                    }
                    result.complete(null);
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "appender-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        start.countDown();
        for (CompletableFuture<Void> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }

        acc.beginFlush();
        List<String> all = new ArrayList<>();
        List<ProducerBatch> drained;
        while (!(drained = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L)).isEmpty()) {
            for (ProducerBatch b : drained) {
                decode(b).forEach(r -> all.add(new String(r.value(), StandardCharsets.UTF_8)));
                acc.deallocate(b);
            }
        }
        assertEquals(threads * perThread, all.size());
        assertEquals(threads * perThread, new HashSet<>(all).size(), "no duplicates");
        int[] next = new int[threads];
        for (String v : all) {
            int id = v.charAt(1) - '0';
            assertEquals(String.format("T%d-%05d", id, next[id]), v, "thread " + id + " out of order");
            next[id]++;
        }
        assertFalse(acc.hasIncomplete());
        assertEquals(pool.totalMemoryBytes(), pool.availableMemoryBytes(),
                "buffers of batches lost to a racing appender went back too");
    }

    /**
     * Issue 16 (many sending threads): while one thread waits for the buffer of a partition's next batch, a sticky
     * record that finds no room there waits too and joins that batch, instead of moving the sticky partition on.
     * Before, each thread that found the open batch full moved it on again, so with memory short every waiting
     * thread opened a batch on a partition of its own, each later drained half-full by linger.ms.
     */
    @Test
    void aStickyRecordJoinsTheBatchAnotherThreadIsOpeningInsteadOfMovingOn() throws Exception {
        BufferPool pool = new BufferPool(2 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(P0);
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            append(acc, P0, value(i), 0);
            append(acc, P1, value(i), 0);
        }
        assertEquals(0, pool.availableMemoryBytes(), "both batches hold all the memory");
        // The record that does not fit closes P0's batch and waits for memory for the next one (the partitioner
        // appends it without aborting: it has just moved the sticky partition here).
        RecordFuture openerRecord = future(null);
        CompletableFuture<AppendResult> opener = appendInThread(acc, P0, openerRecord, WAIT_FOREVER_MS);
        awaitWaiters(pool, 1);

        RecordFuture stickyRecord = future(null);
        CompletableFuture<AppendResult> sticky = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                sticky.complete(acc.append(q, TS, null, value(99), NO_HEADERS, stickyRecord, WAIT_FOREVER_MS, true,
                        0L));
            } catch (Throwable e) {
                sticky.completeExceptionally(e);
            }
        }, "sticky-appender");
        thread.setDaemon(true);
        thread.start();
        // an observable condition: it returned, waits for memory behind the opener, or waits to join its batch
        Spin.until(() -> sticky.isDone() || pool.queuedWaiters() >= 2 || MonitorStates.waitingToJoin(q) > 0,
                "the sticky appender returns or waits");
        assertFalse(sticky.isDone(), "the sticky record must not move on while P0's next batch is being opened: "
                + (sticky.isDone() ? sticky.get() : ""));
        // Session 14: it waits for the batch the opener opens, not for memory of its own (before, it counted P0's
        // batch, closed by the opener, as one it had closed itself, and so went for memory too).
        assertEquals(1, pool.queuedWaiters(), "only the opener waits for memory");
        assertEquals(1, MonitorStates.waitingToJoin(q), "the sticky record waits to join the opener's batch");

        acc.beginFlush();
        for (ProducerBatch b : acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 0L)) {
            acc.deallocate(b); // memory for both waiters
        }
        acc.endFlush();
        assertEquals(Set.of(AppendResult.NEW_BATCH, AppendResult.APPENDED),
                Set.of(opener.get(30, TimeUnit.SECONDS), sticky.get(30, TimeUnit.SECONDS)));
        assertEquals(1, q.queuedBatches(), "one batch holds both records");
        assertEquals(2, q.first().recordCount());
        assertEquals(pool.totalMemoryBytes() - BATCH, pool.availableMemoryBytes(), "only the new batch holds memory");
    }

    /** linger.ms may be Long.MAX_VALUE (ProducerConfig accepts it): created + linger must not wrap to "ready". */
    @Test
    void aHugeLingerDoesNotOverflowIntoImmediateReadiness() throws InterruptedException {
        BufferPool pool = new BufferPool(10 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.MILLISECONDS.toNanos(Long.MAX_VALUE), pool);
        long created = 1_000_000_000L; // System.nanoTime() is positive on Linux
        acc.append(P0, TS, null, value(0), NO_HEADERS, future(null), 0, created);
        assertTrue(acc.ready(CLUSTER, ANY, created + 1).readyNodes.isEmpty(), "still lingering");
        assertTrue(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, created + 1).isEmpty());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE_1, new BrokerAddress(NODE_1, "b1", 9092, null),
                NODE_2, new BrokerAddress(NODE_2, "b2", 9092, null));
        PartitionState[] partitions = {
            partition(0, NODE_1), partition(1, NODE_1), partition(2, NODE_2), partition(3, -1)};
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }

    private static PartitionState partition(int p, int leader) {
        int[] replicas = leader < 0 ? new int[0] : new int[] {leader};
        return new PartitionState(p, leader, 0, replicas, replicas, (short) 0);
    }

    private static byte[] value(int i) {
        return String.format("value-%04d", i).getBytes(StandardCharsets.UTF_8);
    }

    private static RecordFuture future(Callback callback) {
        return new RecordFuture(TOPIC, callback, -1, 10, TS);
    }

    private static AppendResult append(RecordAccumulator acc, TopicPartition tp, byte[] value, long maxBlockMs)
            throws InterruptedException {
        return acc.append(tp, TS, null, value, NO_HEADERS, future(null), maxBlockMs, 0L);
    }

    private static AppendResult appendSticky(RecordAccumulator acc, PartitionQueue q, byte[] value, RecordFuture f)
            throws InterruptedException {
        return acc.append(q, TS, null, value, NO_HEADERS, f, 0, true, 0L);
    }

    private static CompletableFuture<AppendResult> appendInThread(RecordAccumulator acc, TopicPartition tp,
            RecordFuture f, long maxBlockMs) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(acc.append(tp, TS, null, value(0), NO_HEADERS, f, maxBlockMs, 0L));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "blocked-appender");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Waits (without a deadline: the class-level @Timeout guards) until the pool has this many blocked callers. */
    private static void awaitWaiters(BufferPool pool, int count) throws InterruptedException {
        while (pool.queuedWaiters() < count) {
            Thread.sleep(1);
        }
        assertFalse(pool.queuedWaiters() > count);
    }

    /** Seals and stamps a drained batch as the sender does (no compression, no producer id) and reads it back. */
    private static List<DecodedRecord> decode(ProducerBatch b) {
        if (b.attempts() == 0) {
            b.prepareForSend(null, -1L, (short) -1, -1);
        }
        RecordBatchReader reader = new RecordBatchReader(b.wireBuffer());
        reader.ensureValid();
        assertEquals(b.recordCount(), reader.recordCount());
        return reader.records();
    }

    /** The values of already sealed batches, in order, as the official client's decoder reads them. */
    private static List<String> officialValues(List<ProducerBatch> batches) {
        List<String> values = new ArrayList<>();
        for (ProducerBatch b : batches) {
            for (RecordBatch rb : MemoryRecords.readableRecords(b.wireBuffer()).batches()) {
                rb.ensureValid();
                for (Record r : rb) {
                    ByteBuffer v = r.value();
                    byte[] bytes = new byte[v.remaining()];
                    v.get(bytes);
                    values.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
