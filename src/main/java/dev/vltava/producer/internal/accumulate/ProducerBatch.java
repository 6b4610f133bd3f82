package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.idempotence.SequencedBatch;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.record.RecordBatchLayout;
import dev.vltava.producer.internal.record.RecordBatchReader;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record batch for one partition, written straight into a pooled buffer.
 *
 * <p>Threads: appends happen under the partition queue's lock (application threads); once CLOSED the batch is
 * sealed exactly once, by the application thread that closed it or by the sender (a CAS decides, see
 * {@link #trySealEarly}), and after that only the sender thread touches it. Completion happens exactly once
 * ({@link #finished} guards it) and is handed to the completion thread. The buffer goes back to the pool only when
 * no request can still read it (see {@link #releasableBuffer()}).
 */
public final class ProducerBatch implements SequencedBatch {
    private static final int MIN_FREE_BYTES_FOR_APPEND = 32;

    public final TopicPartition topicPartition;
    private final RecordBatchWriter writer;
    /** Replaced by a bigger one while OPEN ({@link #growInto}, under the queue lock); final from CLOSED on. */
    private ByteBuffer buffer;
    /**
     * The most bytes the batch may take (batch.size, more when its records compress: RecordAccumulator.growLimitFor):
     * its buffer grows up to this, is never replaced once this big, and a bigger one takes records only up to it.
     */
    private final int growLimitBytes;
    /** False for a buffer taken outside the pool (a split batch when the pool had no memory at once). */
    private final boolean pooledBuffer;
    private final long createdNs;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private static final int MAX_INITIAL_FUTURES = 8192;

    private PendingRecord<?>[] futures;
    private int recordCount;
    /** The largest record appended so far, in bytes with the batch overhead (the record-size metric, per batch). */
    private int maxRecordSizeInBytes;
    private BatchState state = BatchState.OPEN;
    /**
     * How full the batch is, as the sender may read it without the partition lock ({@link #looksFull},
     * {@link #looksAsGoodAsFull}): {@link #ROOM}, {@link #NO_ROOM_FOR_LARGEST} or {@link #FULL}. Written under the
     * lock after every change of size, capacity or state that can change it (so a read under the lock equals
     * {@link #isFull} / {@link #noRoomForAnotherLikeItsLargest}); written only when it changes (a few times per batch).
     */
    private volatile int fill = ROOM;
    private static final int ROOM = 0;
    private static final int NO_ROOM_FOR_LARGEST = 1;
    private static final int FULL = 2;

    // sender thread only
    private int attempts;
    private long retryNotBeforeNs;
    private Exception lastError;
    private int baseSequence = -1;
    private long producerId = -1L;
    private short producerEpoch = -1;
    private boolean sealed;
    private boolean outcomeUnknown;
    private boolean stamped;
    /**
     * Where the batch stands in its partition's order, in records (set when first drained, -1 before); retries and
     * split parts are put back in this order. Sender thread only.
     */
    long orderKey = -1L;
    private boolean bufferReleased;
    /**
     * Bytes of buffer.memory charged for the heap objects of this batch's records when it was closed (see
     * {@link RecordAccumulator#QUEUED_RECORD_HEAP_BYTES}); given back with the buffer ({@link #takeHeapCharge}).
     */
    private long heapChargeBytes;
    /** What each record counts for in the callback backlog (the accumulator's charge when this batch closed). */
    private int queuedRecordCharge = RecordAccumulator.QUEUED_RECORD_HEAP_BYTES;
    /** Completion thread: see {@link #touchAll} (never read). */
    @SuppressWarnings("unused")
    private long touchedTimestamps;
    /** The batches that took over this one's records when it was split (see {@link #awaitDone}), or null. */
    private volatile List<ProducerBatch> splitInto;
    /** Where a seal reports how well the records compressed (null: nobody asks); see {@link #learnCompressionInto}. */
    private CompressionRatioEstimate compressionEstimate;
    /** Who seals: an application thread right after closing the batch, or the sender; see {@link #trySealEarly}. */
    private final AtomicInteger sealing = new AtomicInteger(UNSEALED);
    private static final int UNSEALED = 0;
    private static final int SEALING = 1;
    private static final int SEALED = 2;
    /** The buffer went back to the pool: no seal may start any more (it would write into another batch's bytes). */
    private static final int RELEASED = 3;
    /** As SEALING, and the sender's drain skipped the batch for it: the sealing thread must wake the sender. */
    private static final int SEALING_SKIPPED = 4;

    ProducerBatch(TopicPartition tp, ByteBuffer buffer, long baseTimestamp, boolean logAppendTime, long nowNs) {
        this(tp, buffer, true, baseTimestamp, logAppendTime, nowNs, buffer.capacity());
    }

    /** A batch from the pool that may grow up to {@code growLimitBytes} (batch.size): see {@link #growInto}. */
    ProducerBatch(TopicPartition tp, ByteBuffer buffer, long baseTimestamp, boolean logAppendTime, long nowNs,
            int growLimitBytes) {
        this(tp, buffer, true, baseTimestamp, logAppendTime, nowNs, growLimitBytes);
    }

    ProducerBatch(TopicPartition tp, ByteBuffer buffer, boolean pooledBuffer, long baseTimestamp,
            boolean logAppendTime, long createdNs) {
        this(tp, buffer, pooledBuffer, baseTimestamp, logAppendTime, createdNs, buffer.capacity());
    }

    private ProducerBatch(TopicPartition tp, ByteBuffer buffer, boolean pooledBuffer, long baseTimestamp,
            boolean logAppendTime, long createdNs, int growLimitBytes) {
        this.topicPartition = tp;
        this.buffer = buffer;
        this.growLimitBytes = growLimitBytes;
        this.pooledBuffer = pooledBuffer;
        this.writer = new RecordBatchWriter(buffer, baseTimestamp, logAppendTime);
        this.createdNs = createdNs;
        limitToGrowLimit();
    }

    /**
     * A buffer bigger than the grow limit (the pool, short of memory, handed out a free bigger one than was asked for)
     * takes records only up to the limit: with compression the bigger classes go up to 4x batch.size, and records that
     * do not compress would otherwise leave in a batch that size.
     */
    private void limitToGrowLimit() {
        if (buffer.capacity() > growLimitBytes) {
            writer.limitAppendsTo(growLimitBytes);
        }
    }

    /** Appends under the queue lock; false (and nothing written) when the record does not fit. */
    boolean tryAppend(long timestamp, byte[] key, byte[] value, RecordHeader[] headers, PendingRecord<?> future) {
        int sizeBefore = writer.sizeInBytes();
        if (state != BatchState.OPEN || !writer.tryAppend(timestamp, key, value, headers)) {
            return false;
        }
        int recordSize = writer.sizeInBytes() - sizeBefore + RecordBatchLayout.HEADER_SIZE_IN_BYTES;
        if (recordSize > maxRecordSizeInBytes) {
            maxRecordSizeInBytes = recordSize;
        }
        if (recordCount == 0) {
            // Size the array for as many records like the first as the buffer holds, instead of doubling from 8.
            int firstRecordBytes = Math.max(1, writer.sizeInBytes() - RecordBatchLayout.HEADER_SIZE_IN_BYTES);
            futures = new PendingRecord<?>[Math.min(MAX_INITIAL_FUTURES, buffer.capacity() / firstRecordBytes + 1)];
        } else if (recordCount == futures.length) {
            futures = Arrays.copyOf(futures, recordCount * 2);
        }
        future.partition = topicPartition.partition();
        futures[recordCount++] = future; // its index is its offset delta
        publishFill();
        return true;
    }

    /** Under the queue lock, after a change: publishes {@link #fill} for the sender's lock-free look. */
    private void publishFill() {
        int now = isFull() ? FULL : noRoomForAnotherLikeItsLargest() ? NO_ROOM_FOR_LARGEST : ROOM;
        if (fill != now) {
            fill = now;
        }
    }

    /** {@link #isFull}, as last published under the queue lock: read by the sender without the lock. */
    boolean looksFull() {
        return fill == FULL;
    }

    /** {@link #noRoomForAnotherLikeItsLargest}, as last published under the queue lock (sender, without it). */
    boolean looksAsGoodAsFull() {
        return fill != ROOM;
    }

    /**
     * The largest record of the batch in bytes, batch overhead included: what the record-size metric records once
     * per batch (as KafkaProducer does), instead of a metric update per record on the application thread.
     */
    public int maxRecordSizeInBytes() {
        return maxRecordSizeInBytes;
    }

    /** True when no further record is likely to fit (nor can the buffer grow), so the batch is worth sending now. */
    boolean isFull() {
        return state != BatchState.OPEN
                || writer.remainingCapacity() < MIN_FREE_BYTES_FOR_APPEND && buffer.capacity() >= growLimitBytes;
    }

    /**
     * True when the batch, even grown to its limit, has no room for another record as large as its largest one: it
     * is as good as full (the sender then pipelines it, see RecordAccumulator's fillsBehindInFlight).
     */
    boolean noRoomForAnotherLikeItsLargest() {
        int room = buffer.capacity() >= growLimitBytes ? writer.remainingCapacity()
                : growLimitBytes - writer.sizeInBytes();
        return isFull() || room < maxRecordSizeInBytes - RecordBatchLayout.HEADER_SIZE_IN_BYTES;
    }

    /**
     * Under the queue lock, after a record with this size bound ({@link RecordBatchWriter#estimateMaxSizeInBytes})
     * did not fit: the capacity the buffer needs to take it, or 0 when growing cannot help (the batch is not open,
     * its buffer is at the grow limit already, or batch plus record would pass the limit): a new batch must.
     */
    int capacityToGrowFor(int recordBoundBytes) {
        if (state != BatchState.OPEN || buffer.capacity() >= growLimitBytes) {
            return 0;
        }
        long needed = (long) writer.sizeInBytes() + recordBoundBytes;
        return needed > growLimitBytes ? 0 : (int) needed;
    }

    /**
     * Under the queue lock, while OPEN: moves the batch into {@code bigger} and returns the buffer it leaves, for the
     * pool (no request ever read it: an open batch has not been drained).
     */
    ByteBuffer growInto(ByteBuffer bigger) {
        if (state != BatchState.OPEN || sealing.get() != UNSEALED) {
            throw new IllegalStateException(this + " is not open: its buffer cannot move");
        }
        ByteBuffer old = buffer;
        writer.moveTo(bigger);
        buffer = bigger;
        limitToGrowLimit();
        publishFill();
        return old;
    }

    /** The capacity of the batch's buffer now (tests, metrics). */
    int capacityBytes() {
        return buffer.capacity();
    }

    /** Under the queue lock, once, when the batch closes: what its records' heap objects were charged. */
    void heapCharged(long bytes, int perRecord) {
        heapChargeBytes = bytes;
        queuedRecordCharge = perRecord;
    }

    /**
     * The heap charge to give back to the pool with the buffer; call only after {@link #releasableBuffer} returned
     * the buffer (so once).
     */
    long takeHeapCharge() {
        long c = heapChargeBytes;
        heapChargeBytes = 0;
        return c;
    }

    void closeForAppends() {
        if (state == BatchState.OPEN) {
            state = BatchState.CLOSED;
            fill = FULL;
        }
    }

    public BatchState state() {
        return state;
    }

    public long createdNs() {
        return createdNs;
    }

    @Override
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    @Override
    public int recordCount() {
        return recordCount;
    }

    /**
     * Any thread, without the lock: reads the two cache lines after {@code pos} of the buffer (a record's end), so
     * that the next record appended there finds them in the cache (see {@code RecordAccumulator.manyPartitions}).
     * Reads only: a buffer replaced or sent meanwhile costs two useless loads. Returns the bytes read, to be kept.
     * A thread sealing or stamping the batch meanwhile (the sender, or the thread that closed it) narrows the shared
     * buffer's limit to the batch's end for a moment, and an absolute read past the limit throws: that read is
     * skipped, never thrown out of the append whose record is already in the batch.
     */
    int warmLinesAfter(int pos) {
        ByteBuffer b = buffer;
        int cap = b.capacity();
        int sum = 0;
        try {
            if (pos + 64 < cap) {
                sum += b.get(pos + 64);
                if (pos + 128 < cap) {
                    sum += b.get(pos + 128);
                }
            }
        } catch (IndexOutOfBoundsException sealingMeanwhile) {
            return sum; // only a hint was lost
        }
        return sum;
    }

    public int sizeInBytes() {
        return writer.sizeInBytes();
    }

    public int uncompressedSizeInBytes() {
        return sealed ? writer.uncompressedSizeInBytes() : writer.sizeInBytes();
    }

    /**
     * Application thread, after closing this batch (outside the queue lock): seals and compresses it now, so the
     * compression runs on the thread that filled the batch, in parallel with the sender, instead of on the sender's
     * critical path (as the official client compresses while appending). No-op if the sender got there first. If
     * the codec throws, the batch is left unsealed for the sender, which seals it again and reports what fails.
     *
     * @return true if the sender's drain skipped the batch meanwhile ({@link #skipWhileBeingSealed}): the caller must
     *         wake the sender, which would otherwise leave the batch until its next poll timeout
     */
    boolean trySealEarly(BatchCompressor compressor) {
        if (!sealing.compareAndSet(UNSEALED, SEALING)) {
            return false;
        }
        int before;
        try {
            writer.seal(compressor);
            reportCompression();
            before = sealing.getAndSet(SEALED); // volatile write: the sender's read of SEALED sees the sealed bytes
        } catch (Throwable t) { // an Error too: a gate left at SEALING would make the buffer's release spin forever
            before = sealing.getAndSet(UNSEALED);
        }
        return before == SEALING_SKIPPED;
    }

    /**
     * Before the first append, by the accumulator: the seal tells {@code estimate} how well this batch's records
     * compressed, for the size of the partition's next batches.
     */
    void learnCompressionInto(CompressionRatioEstimate estimate) {
        this.compressionEstimate = estimate;
    }

    private void reportCompression() {
        CompressionRatioEstimate e = compressionEstimate;
        if (e != null) {
            e.observe(writer.uncompressedRecordsBytes(), writer.sentRecordsBytes());
        }
    }

    /** An application thread is compressing it right now (the sender leaves it for its next pass). */
    boolean isBeingSealed() {
        int s = sealing.get();
        return s == SEALING || s == SEALING_SKIPPED;
    }

    /**
     * Drain, under the queue lock: true if an application thread is compressing the batch right now, so the sender
     * leaves it; the batch is then marked so that the sealing thread wakes the sender when it is done (one wake-up,
     * only for batches the sender really skipped). False when no seal is running: the batch may be drained.
     */
    boolean skipWhileBeingSealed() {
        while (true) {
            int s = sealing.get();
            if (s == SEALING_SKIPPED) {
                return true;
            }
            if (s != SEALING) {
                return false;
            }
            if (sealing.compareAndSet(SEALING, SEALING_SKIPPED)) {
                return true;
            }
        }
    }

    /** Seals once (counts, compression), then stamps producer id, epoch and base sequence, and the CRC. */
    public void prepareForSend(BatchCompressor compressor, long pid, short epoch, int sequence) {
        prepareForSend(compressor, pid, epoch, sequence, false);
    }

    /**
     * As above; {@code transactional} sets the batch's transactional bit (a transactional producer's batches, which
     * stay invisible to read_committed consumers until the transaction's commit marker).
     */
    public void prepareForSend(BatchCompressor compressor, long pid, short epoch, int sequence,
            boolean transactional) {
        if (!sealed) {
            while (true) {
                int s = sealing.get();
                if (s == SEALED) {
                    break;
                }
                if (s == RELEASED) {
                    throw new IllegalStateException(this + ": its buffer already went back to the pool");
                }
                if (s == UNSEALED && sealing.compareAndSet(UNSEALED, SEALING)) {
                    try {
                        writer.seal(compressor);
                        reportCompression();
                    } catch (Throwable t) { // an Error too: see trySealEarly
                        sealing.set(UNSEALED);
                        throw t;
                    }
                    sealing.set(SEALED);
                    break;
                }
                Thread.onSpinWait(); // an application thread is compressing it; drain skips such batches, so rare
            }
            sealed = true;
        }
        if (!sealedStampMatches(pid, epoch, sequence)) {
            writer.stamp(pid, epoch, sequence, transactional);
            stamped = true;
            producerId = pid;
            producerEpoch = epoch;
            baseSequence = sequence;
        }
        state = BatchState.IN_FLIGHT;
        fill = FULL;
        attempts++;
    }

    private boolean sealedStampMatches(long pid, short epoch, int sequence) {
        return stamped && producerId == pid && producerEpoch == epoch && baseSequence == sequence;
    }

    /** The bytes to send (valid after {@link #prepareForSend}). */
    public ByteBuffer wireBuffer() {
        return writer.sealedBuffer();
    }

    @Override
    public int baseSequence() {
        return baseSequence;
    }

    @Override
    public long producerId() {
        return producerId;
    }

    @Override
    public short producerEpoch() {
        return producerEpoch;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public Exception lastError() {
        return lastError;
    }

    public void recordError(Exception e) {
        lastError = e;
    }

    /**
     * A request carrying this batch ended without an answer (disconnect, request timeout): the broker may have
     * written it. Under idempotence such a batch may be retried only under the producer id and epoch it was
     * written with, where the broker recognises a duplicate; under a new id it could be stored twice.
     */
    public void markOutcomeUnknown() {
        outcomeUnknown = true;
    }

    /** Whether an earlier attempt may have been written (see {@link #markOutcomeUnknown}). */
    @Override
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** Back to the queue for another attempt, not before {@code notBeforeNs}. */
    void markForRetry(long notBeforeNs) {
        state = BatchState.CLOSED;
        fill = FULL;
        retryNotBeforeNs = notBeforeNs;
    }

    long retryNotBeforeNs() {
        return retryNotBeforeNs;
    }

    public boolean isRetry() {
        return attempts > 0;
    }

    public boolean isDone() {
        return finished.get();
    }

    /**
     * Reads every record (claiming its line for writing), and the header of its callback, before the records are
     * completed one by one: the loads do not depend on each other, so the processor fetches many records' cache
     * lines at once, where the completion loop, which calls into each record and its callback before it reads the
     * next, would wait for them one after another. It matters when a batch's records are scattered over the heap
     * and long out of the caches: at 1,000 keyed partitions (about 20 records per batch, each allocated between
     * records of other partitions, completed 100 ms later) the completion thread's CPU per record fell by a third
     * with the records (issue 16, session 14: 0.26-0.31 to 0.19-0.20 CPU-s/M in four alternating pairs), and by
     * another third with their callbacks (session 15: 0.197-0.206 to 0.121-0.137 in four pairs; at 6 partitions,
     * where the records are still in the caches, 0.077-0.084 against 0.082-0.089). Each record's line is claimed for
     * writing rather than only read ({@link PendingRecord#claimLineForCompletion}, session 16: it helps where records
     * are completed soon after they were sent). The sum is kept so that the loads stay.
     */
    private static long touchAll(PendingRecord<?>[] fs, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            PendingRecord<?> f = fs[i];
            sum += f.claimLineForCompletion() + f.touchCallback();
        }
        return sum;
    }

    /** Completes every record with its offset; false if the batch had already been completed (e.g. expired). */
    public boolean complete(long baseOffset, long logAppendTimeMs, Completions completions, AckListener ack) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        state = BatchState.DONE;
        PendingRecord<?>[] fs = futures;
        int n = recordCount;
        completions.submit(() -> {
            try {
                touchedTimestamps = touchAll(fs, n);
                for (int i = 0; i < n; i++) {
                    PendingRecord<?> f = fs[i];
                    fs[i] = null; // completed: the batch no longer keeps it (nor its metadata) alive
                    long offset = baseOffset < 0 ? -1L : baseOffset + i; // offset delta = index
                    long ts = logAppendTimeMs >= 0 ? logAppendTimeMs : f.timestamp;
                    f.succeeded(offset, ts, ack);
                }
            } finally {
                done.countDown(); // flush() waits on it: it opens whatever happened above
            }
        }, backlogBytes());
        return true;
    }

    /**
     * What this batch's completion counts in the callback backlog (bounded by buffer.memory, see {@link Completions}):
     * its bytes and its records' heap objects, which wait for their callbacks after the buffer went back.
     */
    int backlogBytes() {
        return sizeInBytes() + recordCount * queuedRecordCharge;
    }

    /** Fails every record with the same error; false if the batch had already been completed. */
    public boolean fail(Exception error, Completions completions, AckListener ack) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        state = BatchState.DONE;
        PendingRecord<?>[] fs = futures;
        int n = recordCount;
        completions.submit(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    PendingRecord<?> f = fs[i];
                    fs[i] = null;
                    f.failed(error, ack);
                }
            } finally {
                done.countDown(); // flush() waits on it: it opens whatever happened above
            }
        }, backlogBytes());
        return true;
    }

    /**
     * Waits until callbacks of this batch have run (for flush()); for a batch that was split, until those of the
     * batches that took over its records have run (each wait up to the timeout).
     */
    public boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        if (!done.await(timeout, unit)) {
            return false;
        }
        List<ProducerBatch> parts = splitInto;
        if (parts != null) {
            for (ProducerBatch part : parts) {
                if (!part.awaitDone(timeout, unit)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------- splitting (sender)

    /** The records as sent (decoded from the sealed bytes; allocates: only for the rare split). */
    List<DecodedRecord> sentRecords() {
        return new RecordBatchReader(writer.sealedBuffer()).records();
    }

    PendingRecord<?> future(int index) {
        return futures[index];
    }

    boolean bufferFromPool() {
        return pooledBuffer;
    }

    /**
     * A part of a split batch takes over its parent's place: the same attempts (so it counts as a retry and keeps its
     * place in the queue), and, for the records from {@code firstRecord} on, the parent's order and sequence numbers.
     */
    void continueAfterSplit(ProducerBatch parent, int firstRecord, long retryAtNs) {
        closeForAppends();
        attempts = parent.attempts;
        lastError = parent.lastError;
        outcomeUnknown = parent.outcomeUnknown; // the parent may be in the log: so may this part's records
        retryNotBeforeNs = retryAtNs;
        orderKey = parent.orderKey < 0 ? -1L : parent.orderKey + firstRecord;
        if (parent.baseSequence >= 0) {
            producerId = parent.producerId;
            producerEpoch = parent.producerEpoch;
            baseSequence = Idempotence.incrementSequence(parent.baseSequence, firstRecord);
        }
    }

    /**
     * Ends this batch without completing its records: {@code parts} carry them now. False if it was already done.
     * Waiting for this batch ({@link #awaitDone}) then waits for the parts.
     */
    boolean markSplit(List<ProducerBatch> parts) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        state = BatchState.DONE;
        splitInto = List.copyOf(parts);
        done.countDown();
        return true;
    }

    /**
     * The buffer to give back to the pool, exactly once, or null when it was already given back. The caller must
     * know that no request still reads it: the sender calls this only when a batch is done and not in flight.
     */
    public ByteBuffer releasableBuffer() {
        if (bufferReleased) {
            return null;
        }
        while (true) {
            int s = sealing.get();
            if (s == SEALING || s == SEALING_SKIPPED) {
                // An application thread is still compressing into this buffer (the batch expired or was aborted
                // meanwhile): returning it now would let a new batch reuse bytes that are still being written.
                Thread.onSpinWait();
            } else if (s == RELEASED || sealing.compareAndSet(s, RELEASED)) {
                break; // the gate is shut: an application thread that has not started its early seal never will
            }
        }
        bufferReleased = true;
        return buffer;
    }

    @Override
    public String toString() {
        return "batch(" + topicPartition + ", " + recordCount + " records, " + state + ")";
    }
}
