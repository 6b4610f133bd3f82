package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressorPool;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.QueuedRecordCharge;
import dev.vltava.producer.internal.memory.UntimedWaits;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.record.RecordBatchLayout;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Per-partition queues of batches over the buffer pool.
 *
 * <p>Application threads append (one lock per partition, never held while waiting for memory); the sender thread
 * asks which nodes have sendable batches, drains them, puts retries back at the front, and expires old batches.
 * A batch is sendable when it is full, has lingered {@code linger.ms}, a flush is in progress, or the producer is
 * closing; a retry is sendable once its backoff has passed.
 */
public final class RecordAccumulator {
    /**
     * maxBlockMs for the sender moving records that waited for metadata: never block, and build new batches from the
     * memory those records reserved ({@link BufferPool#tryAllocateEarmarked}) ahead of callers blocked for memory.
     */
    public static final long FROM_EARMARKED_MEMORY = -1L;
    /**
     * What a queued record keeps on the heap besides its bytes (issue 16, 64 MiB heap), charged against buffer.memory
     * for every record of a batch from when the batch closes until its buffer goes back: its future (48 bytes through
     * the core API, 56 through the facade), its slot in the batch's array (4), and a small callback of the caller's
     * (about 20). Without it a 32 MiB buffer.memory of 100 B records queued about 300,000 records, 30 MB of heap
     * objects, while the records' bytes sat in direct buffers outside the heap.
     */
    public static final int QUEUED_RECORD_HEAP_BYTES = QueuedRecordCharge.MIN_BYTES;
    /**
     * What each record of a closed batch is charged (under the partition lock): {@link #QUEUED_RECORD_HEAP_BYTES},
     * or more in a small heap ({@link #chargePerQueuedRecord}).
     */
    private int queuedRecordCharge = QUEUED_RECORD_HEAP_BYTES;
    private final int batchSizeBytes;
    /**
     * The pool's size classes above batch.size, ascending, that a batch may grow into while its records are expected
     * to compress to batch.size or less ({@link #boundBatchesByCompressedSize}); empty: batch.size bounds the records
     * before compression.
     */
    private int[] compressedBatchClasses = new int[0];
    private final long lingerNs;
    private final boolean logAppendTime;
    private final BufferPool pool;
    /** The pool's: which appending threads wait untimed for another thread's batch (virtual threads). */
    private final UntimedWaits untimedWaits;
    private final ConcurrentHashMap<TopicPartition, PartitionQueue> queues = new ConcurrentHashMap<>();
    /** The partitions with queued batches and when each is sendable: the sender visits only those (issue 16). */
    private final ReadyIndex index;
    /** Sender thread: partition queues looked at by the last ready() and drain() (tests: work per loop). */
    int queuesVisitedByLastReady;
    int queuesVisitedByLastDrain;
    /** Sender thread: partition queues looked at by ready(), drain() and the expiry scan, in total. */
    private long queueVisits;
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;
    /** Compressors the appending threads borrow to seal the batches they close, or null (the sender seals). */
    private volatile CompressorPool earlySealCompressors;
    /** Set by the sender just before it fails what is left and exits; appends after that would be orphaned. */
    private volatile boolean closed;
    /** Asked before a partition is drained (transactions); null = every partition may be drained. Sender thread. */
    private PartitionGate gate;
    /** Wakes the sender: called by a thread that ends the seal of a batch the sender's drain skipped meanwhile. */
    private volatile Runnable wakeSender = () -> { };
    /**
     * Set once the accumulator has {@link #MANY_PARTITIONS} queues: from then on a record that is not sticky (keyed,
     * or sent to an explicit partition) reads, after the partition lock, the two cache lines its partition's next
     * record will be written to. Spread over many partitions, each batch's next lines are out of the caches by the
     * time its next record comes, and the record's stores into them missed under the lock, where the lock's release
     * waited for them (issue 16, session 16, 1,000 keyed partitions: the release 786 -> 377 profile samples, the
     * sending thread 1,359 -> 1,232 per million records, the two loads 173 of those). The loads run after the release,
     * overlapping the next record's work. Not for sticky records (the same batch, record after record: its lines are
     * in the cache) nor with few partitions, where several sending threads share a batch and the loads would pull
     * lines another thread is writing.
     */
    private volatile boolean manyPartitions;
    static final int MANY_PARTITIONS = 64;

    /**
     * For {@code nowNs} in {@link #append}: the caller did not read the clock; the accumulator reads it only if the
     * record opens a batch (whose creation time it is). A send then reads the clock once per batch instead of once per
     * record (issue 16: the read was about 6 % of the sending thread's time).
     */
    public static final long READ_CLOCK = Long.MIN_VALUE;
    /** The engine's clock (nanoseconds), for {@link #READ_CLOCK}. */
    private final LongSupplier clock;

    public RecordAccumulator(int batchSizeBytes, long lingerNs, BufferPool pool) {
        this(batchSizeBytes, lingerNs, pool, System::nanoTime);
    }

    /** With the engine's clock (a virtual one in the deterministic simulation). */
    public RecordAccumulator(int batchSizeBytes, long lingerNs, BufferPool pool, LongSupplier clock) {
        this.clock = clock;
        this.batchSizeBytes = Math.max(batchSizeBytes, 1);
        this.lingerNs = lingerNs;
        this.logAppendTime = false;
        this.pool = pool;
        this.untimedWaits = pool.untimedWaits();
        this.index = new ReadyIndex(lingerNs);
    }

    /** The margin on a partition's compression estimate when it sizes a batch: sizes are rounded to classes too. */
    static final double COMPRESSION_ESTIMATE_MARGIN = 1.05;
    /** A batch grows to at most this many times batch.size before compression (the largest extra size class). */
    static final int MAX_COMPRESSED_BATCH_GROWTH = 4;

    /**
     * The largest buffer a batch may need when batches are bounded by their compressed size (the pool's largest size
     * class then, see {@link #boundBatchesByCompressedSize}): batch.size times 2 or 4, as long as that is no more
     * than max.request.size, 1 MiB and a 32nd of buffer.memory; batch.size itself if none is (or below 1 KiB).
     */
    public static int largestCompressedBatchClass(int batchSizeBytes, int maxRequestSizeBytes, long bufferMemoryBytes) {
        long cap = Math.min(Math.min(maxRequestSizeBytes, 1L << 20), bufferMemoryBytes / 32);
        int largest = batchSizeBytes;
        if (batchSizeBytes < BufferPool.MIN_CLASS_BYTES) {
            return largest;
        }
        for (long c = 2L * batchSizeBytes; c <= (long) MAX_COMPRESSED_BATCH_GROWTH * batchSizeBytes && c <= cap;
                c <<= 1) {
            largest = (int) c;
        }
        return largest;
    }

    /**
     * Before the first append, with compression: batch.size bounds a batch's records as compressed, as the official
     * client's batches are filled: an open batch grows into the pool's size classes above batch.size (up to
     * {@link #MAX_COMPRESSED_BATCH_GROWTH} times it) while its partition's batches have compressed so far
     * ({@link CompressionRatioEstimate}) to batch.size or less at that size. Without this, batch.size bounds the
     * records before compression.
     */
    public void boundBatchesByCompressedSize() {
        this.compressedBatchClasses = Arrays.stream(pool.sizeClasses()).filter(c -> c > batchSizeBytes)
                .toArray();
    }

    /** The most bytes of records (before compression) the partition's next batch may take. */
    int growLimitFor(PartitionQueue q) {
        int limit = batchSizeBytes;
        if (compressedBatchClasses.length > 0) {
            double compressedPerByte = q.compressionRatio.ratio() * COMPRESSION_ESTIMATE_MARGIN;
            for (int c : compressedBatchClasses) {
                if (c * compressedPerByte > batchSizeBytes) {
                    break;
                }
                limit = c;
            }
        }
        return limit;
    }

    /**
     * Before the first append: charge each queued record {@code bytes} of buffer.memory instead of
     * {@link #QUEUED_RECORD_HEAP_BYTES} (the engine raises it in a small heap, see {@link QueuedRecordCharge}).
     */
    public void chargePerQueuedRecord(int bytes) {
        if (bytes < QUEUED_RECORD_HEAP_BYTES) {
            throw new IllegalArgumentException("a queued record is charged at least " + QUEUED_RECORD_HEAP_BYTES
                    + " bytes, not " + bytes);
        }
        this.queuedRecordCharge = bytes;
    }

    /**
     * Appends a record, allocating a new batch when the open one is full. Blocks only for buffer memory, at most
     * {@code maxBlockMs}; with {@code maxBlockMs == 0} it returns null instead of waiting, and with
     * {@link #FROM_EARMARKED_MEMORY} (the sender thread) also, but after trying the earmarked memory.
     */
    public AppendResult append(TopicPartition tp, long timestamp, byte[] key, byte[] value, RecordHeader[] headers,
            PendingRecord<?> future, long maxBlockMs, long nowNs) throws InterruptedException {
        return append(queue(tp), timestamp, key, value, headers, future, maxBlockMs, false, nowNs);
    }

    /** The partition's queue, as a handle the send path may cache (queues live as long as the accumulator). */
    public PartitionQueue queue(TopicPartition tp) {
        PartitionQueue q = queues.get(tp);
        if (q != null) {
            return q;
        }
        q = queues.computeIfAbsent(tp, PartitionQueue::new);
        if (!manyPartitions && queues.size() >= MANY_PARTITIONS) {
            manyPartitions = true;
        }
        return q;
    }

    /**
     * As above, on a cached queue. With {@code abortIfNewBatch}, a record that does not fit the open batch (nor would
     * after growing it) is not appended ({@link AppendResult#NEEDS_NEW_BATCH}): the sticky partitioner then moves on
     * before a batch with a single record is left behind on the old partition (the official client's "abort on new
     * batch") — unless another thread is opening the partition's next batch already, or growing its open one (it is
     * waiting for its buffer): then the record waits for that batch (on the partition's lock, at most
     * {@code maxBlockMs}) and joins it, so that many sending threads neither each move the sticky partition on (one
     * batch per thread, each left half-full by linger.ms, instead of one full batch) nor each take a buffer only to
     * give it back (issue 16). With memory free, the thread that finds no room opens the next batch without leaving
     * the lock.
     *
     * <p>Buffers are sized by what they hold: a new batch takes the size class ({@link BufferPool#sizeClassFor}) of
     * what the partition's previous batch held, and an open batch that a record does not fit moves into a bigger
     * class (a copy, {@link ProducerBatch#growInto}) up to batch.size before a new batch is started. The bigger
     * buffer is taken like a new batch's (under the lock if free right now, else outside it, waiting for memory as
     * allowed).
     */
    public AppendResult append(PartitionQueue q, long timestamp, byte[] key, byte[] value, RecordHeader[] headers,
            PendingRecord<?> future, long maxBlockMs, boolean abortIfNewBatch, long nowNs) throws InterruptedException {
        TopicPartition tp = q.topicPartition;
        ProducerBatch closedNow = null; // a batch this call closed: sealed (compressed) here, outside the lock
        AppendResult result = null;
        int growTo = 0; // the open batch stays open and grows into a buffer of this size
        boolean opened = false; // this call opened or grew the batch under its first lock hold
        long joinDeadlineNs = 0; // set when this call first waits for another thread's new batch
        boolean waitedToJoin = false;
        ProducerBatch warm = null; // the batch this record went into, when its next lines are worth warming
        int warmPos = 0;
        q.lock.lock();
        try {
            while (true) {
                checkNotClosed();
                ProducerBatch last = q.last();
                boolean lastWasOpen = isOpen(last);
                AppendResult r = tryAppendToLast(q, timestamp, key, value, headers, future);
                ProducerBatch closedHere = closedBy(r, last, lastWasOpen);
                closedNow = closedHere != null ? closedHere : closedNow;
                growTo = 0;
                if (r != null) {
                    result = r;
                    if (r == AppendResult.APPENDED && !abortIfNewBatch && manyPartitions) {
                        warm = last;
                        warmPos = last.sizeInBytes();
                    }
                } else if (last != null && last.state() == BatchState.OPEN) {
                    growTo = pool.sizeClassFor(last.capacityToGrowFor(
                            RecordBatchWriter.estimateMaxSizeInBytes(key, value, headers)));
                    // (growing the open batch counts as opening it: sticky records wait to join it)
                } else if (abortIfNewBatch && !q.isEmpty() && q.openingBatch == 0) {
                    result = AppendResult.NEEDS_NEW_BATCH;
                }
                if (result == null && maxBlockMs != FROM_EARMARKED_MEMORY && q.openingBatch == 0) {
                    // Memory free right now: open (or grow) the batch without leaving the lock, so that no other
                    // appender finds the partition without room and goes for a buffer of its own (issue 16: with
                    // 10,000 virtual threads half the appends did, each taking and returning a buffer). Never
                    // waits: the pool lock inside the partition lock (the lock order allows it), the buffer
                    // comes from a free list or a new allocation.
                    ByteBuffer buffer = pool.tryAllocate(sizeFor(q, growTo, key, value, headers));
                    if (buffer != null) {
                        ProducerBatch lastBefore = q.last();
                        result = appendWithBuffer(q, buffer, timestamp, key, value, headers, future, nowNs);
                        if (result == AppendResult.NEW_BATCH) {
                            closedNow = lastBefore;
                        }
                        opened = true;
                    }
                }
                if (result != null) {
                    break;
                }
                if (q.openingBatch > 0 && maxBlockMs > 0 && closedNow == null) {
                    // Another thread is getting a buffer for this partition's next (or grown) batch, waiting for
                    // memory: wait for that batch rather than for memory of our own, which would only go back to
                    // the pool once this record found room in it (issue 16: memory freed by the sender went through
                    // every waiting appender in turn). At most max.block.ms, then as before.
                    long nowWait = System.nanoTime();
                    if (joinDeadlineNs == 0) {
                        joinDeadlineNs = nowWait + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
                    }
                    if (joinDeadlineNs - nowWait > 0) {
                        q.joiners++;
                        waitedToJoin = true;
                        try {
                            if (untimedWaits.appliesToCurrentThread()) {
                                // (a virtual thread: no timer; the sender's sweep wakes it at its deadline)
                                if (q.untimedJoinDeadlineNs == Long.MAX_VALUE
                                        || joinDeadlineNs - q.untimedJoinDeadlineNs < 0) {
                                    q.untimedJoinDeadlineNs = joinDeadlineNs;
                                }
                                untimedWaits.dueAt(joinDeadlineNs);
                                q.batchOpened.await();
                            } else {
                                q.batchOpened.awaitNanos(joinDeadlineNs - nowWait);
                            }
                        } finally {
                            q.joiners--;
                            q.joinWakeups++;
                        }
                        continue;
                    }
                    maxBlockMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadlineNs - System.nanoTime()));
                }
                q.openingBatch++; // until this thread is back under the lock with its buffer (or without)
                break;
            }
        } finally {
            if (waitedToJoin) {
                passJoinSignalOn(q); // appended, opening, failed or timed out: the next joiner looks
            }
            q.lock.unlock();
        }
        if (opened) {
            index.signal(q);
            sealEarly(closedNow);
            return result;
        }
        if (warm != null) {
            q.warmedBytes = warm.warmLinesAfter(warmPos); // after the lock: see manyPartitions
        }
        if (result != null) {
            if (closedNow != null || result == AppendResult.APPENDED_BATCH_FULL) {
                index.signal(q); // its first batch may be sendable now (once per batch, not per record)
            }
            sealEarly(closedNow);
            return result;
        }
        int size = sizeFor(q, growTo, key, value, headers);
        ByteBuffer buffer;
        try {
            sealEarly(closedNow); // before waiting for memory: the sooner it is sent, the sooner memory comes back
            if (maxBlockMs == FROM_EARMARKED_MEMORY) {
                buffer = pool.tryAllocateEarmarked(size);
            } else if (maxBlockMs == 0) {
                buffer = pool.tryAllocate(size);
            } else {
                buffer = pool.allocate(size, maxBlockMs);
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            doneOpening(q);
            throw e;
        }
        if (buffer == null) {
            doneOpening(q);
            return null;
        }
        boolean someoneMadeRoom = false;
        q.lock.lock();
        try {
            q.openingBatch--;
            wakeJoiners(q);
            if (closed) {
                pool.deallocate(buffer);
                checkNotClosed();
            }
            ProducerBatch last = q.last();
            boolean lastWasOpen = isOpen(last);
            AppendResult r = tryAppendToLast(q, timestamp, key, value, headers, future);
            closedNow = closedBy(r, last, lastWasOpen);
            if (r != null) {
                someoneMadeRoom = true; // the buffer goes back after the lock: no pool lock inside it
                result = r;
            } else {
                last = q.last();
                result = appendWithBuffer(q, buffer, timestamp, key, value, headers, future, nowNs);
                if (result == AppendResult.NEW_BATCH && last != null) {
                    closedNow = last;
                }
            }
        } finally {
            q.lock.unlock();
        }
        if (someoneMadeRoom) {
            pool.deallocate(buffer);
        }
        index.signal(q);
        sealEarly(closedNow);
        return result;
    }

    /** The buffer size for the record: the grown batch's, or a new batch as big as the partition's last one needed. */
    private int sizeFor(PartitionQueue q, int growTo, byte[] key, byte[] value, RecordHeader[] headers) {
        if (growTo > 0) {
            return growTo;
        }
        int bound = RecordBatchWriter.estimateMaxSizeInBytes(key, value, headers);
        int limit = growLimitFor(q);
        if (bound > limit) {
            return bound; // a batch of its own, of its size (not a larger class that later records would share)
        }
        return pool.sizeClassFor(Math.max(bound, Math.min(q.lastBatchBytes, limit))); // (a hint)
    }

    /**
     * Under the lock, with a buffer taken for this record and no room in the last batch: grows the open last batch
     * into the buffer if it fits there, otherwise closes the last batch and starts a new one in the buffer.
     */
    private AppendResult appendWithBuffer(PartitionQueue q, ByteBuffer buffer, long timestamp, byte[] key,
            byte[] value, RecordHeader[] headers, PendingRecord<?> future, long nowNs) {
        int bound = RecordBatchWriter.estimateMaxSizeInBytes(key, value, headers);
        ProducerBatch last = q.last();
        if (last != null && last.state() == BatchState.OPEN && buffer.capacity() >= last.capacityToGrowFor(bound)) {
            // (OPEN after a failed tryAppendToLast: it can grow, capacityToGrowFor is positive)
            pool.deallocate(last.growInto(buffer)); // never sent: no request reads the old buffer
            if (!last.tryAppend(timestamp, key, value, headers, future)) {
                throw new IllegalStateException("a record of estimated size " + bound
                        + " did not fit a batch grown to " + buffer.capacity() + " bytes");
            }
            return last.isFull() ? AppendResult.APPENDED_BATCH_FULL : AppendResult.APPENDED;
        }
        if (last != null) {
            closeForAppends(q, last);
        }
        // (a record above the grow limit has a buffer of its own size, its batch's limit)
        ProducerBatch batch = new ProducerBatch(q.topicPartition, buffer, timestamp, logAppendTime,
                nowNs == READ_CLOCK ? clock.getAsLong() : nowNs, Math.max(growLimitFor(q), bound));
        if (compressedBatchClasses.length > 0) {
            batch.learnCompressionInto(q.compressionRatio);
        }
        if (!batch.tryAppend(timestamp, key, value, headers, future)) {
            pool.deallocate(buffer);
            throw new IllegalStateException("a record of estimated size " + bound + " did not fit a new batch");
        }
        q.addLast(batch);
        incomplete.add(batch);
        return AppendResult.NEW_BATCH;
    }

    /**
     * The sender thread, in every turn: when an untimed wait's deadline is due ({@link UntimedWaits}), wakes the
     * threads waiting for memory or for another thread's batch whose deadline passed (they go on as after a timed
     * wait: a joiner past its deadline tries for memory of its own, which then fails at once) and hands the other
     * deadlines back. Returns the nanoseconds until the next deadline is due ({@code Long.MAX_VALUE}: none), for the
     * sender's poll timeout. Visits every partition only when a deadline is due, not per turn.
     */
    public long wakeOverdueWaiters() {
        if (!untimedWaits.anyRegistered()) {
            return Long.MAX_VALUE; // (no clock read per turn when nobody waits untimed)
        }
        long nowNs = System.nanoTime(); // the waits' clock (a simulated engine clock does not move them)
        if (untimedWaits.takeDue(nowNs)) {
            pool.wakeOverdueWaiters(nowNs);
            for (PartitionQueue q : queues.values()) {
                q.lock.lock();
                try {
                    long deadline = q.untimedJoinDeadlineNs;
                    if (deadline == Long.MAX_VALUE) {
                        continue;
                    }
                    if (nowNs - deadline >= 0) {
                        q.untimedJoinDeadlineNs = Long.MAX_VALUE; // those who wait again register again
                        q.batchOpened.signalAll();
                    } else {
                        untimedWaits.keep(deadline);
                    }
                } finally {
                    q.lock.unlock();
                }
            }
        }
        return untimedWaits.nanosUntilDue(System.nanoTime());
    }

    /** A thread that counted itself as opening the queue's next batch gives up (no memory, timeout, interrupt). */
    private static void doneOpening(PartitionQueue q) {
        q.lock.lock();
        try {
            q.openingBatch--;
            wakeJoiners(q);
        } finally {
            q.lock.unlock();
        }
    }

    /**
     * Under the lock, by a thread that was opening the queue's next batch, back (or giving up): the first thread
     * waiting for that batch looks again. One, not all: a batch of 64 KiB takes some hundreds of records, and with
     * thousands of (virtual) threads waiting, waking them all made each record pay for a dozen wake-ups of threads
     * that found the batch full again and went back to wait (issue 16). Each woken thread passes the signal on
     * ({@link #passJoinSignalOn}), so the waiting threads look again one after another while the batch has room.
     */
    private static void wakeJoiners(PartitionQueue q) {
        if (q.joiners > 0) {
            q.batchOpened.signal();
        }
    }

    /**
     * Under the lock, by a thread that waited to join a batch and is leaving {@link #append}'s first locked section
     * (appended, became the opener of the next batch, failed, timed out): the next waiting thread looks, unless a
     * thread is opening a batch right now (it signals when it is back).
     */
    private static void passJoinSignalOn(PartitionQueue q) {
        if (q.openingBatch == 0) {
            wakeJoiners(q);
        }
    }

    /**
     * With compression: batches closed by the threads that filled them are sealed (compressed) by those threads
     * instead of later on the sender thread. Call before the first append. Without this, the sender compresses every
     * batch. The threads share at most one compressor per processor (more could not compress at once anyway): a thread
     * that finds them all in use leaves its batch to the sender. {@link #closeForAppends} closes them.
     */
    public void sealClosedBatchesOnAppendingThreads(Supplier<BatchCompressor> compressors) {
        sealClosedBatchesOnAppendingThreads(compressors, Runtime.getRuntime().availableProcessors());
    }

    /** As above, with at most {@code maxCompressors} compressors. */
    public void sealClosedBatchesOnAppendingThreads(Supplier<BatchCompressor> compressors, int maxCompressors) {
        this.earlySealCompressors = new CompressorPool(compressors, maxCompressors);
    }

    /**
     * How a thread that ends the early seal of a batch the sender skipped (being sealed) wakes the sender; without it
     * the batch would wait for the sender's next poll timeout (up to its linger or 500 ms). Set by the sender.
     */
    public void wakeSenderWith(Runnable wakeup) {
        this.wakeSender = wakeup;
    }

    /**
     * Under the queue lock: the batch {@code tryAppendToLast} closed because the record did not fit (a batch that is
     * merely full stays open: a smaller record may still fit, and the next one that does not closes it). Only a batch
     * that was open before this call: one found closed was closed by another thread (which seals it) or the sender,
     * and a thread that merely found it so may wait to join the next batch another thread is opening (issue 16,
     * session 14: counting it as its own made every thread that arrived then go for memory of its own, wait in the
     * pool's line, and give the buffer back on finding room in the batch the first thread had opened).
     */
    private static ProducerBatch closedBy(AppendResult r, ProducerBatch last, boolean lastWasOpen) {
        return r == null && lastWasOpen && last.state() != BatchState.OPEN ? last : null;
    }

    private static boolean isOpen(ProducerBatch batch) {
        return batch != null && batch.state() == BatchState.OPEN;
    }

    private void sealEarly(ProducerBatch closed) {
        CompressorPool compressors = earlySealCompressors;
        if (closed == null || compressors == null) {
            return;
        }
        BatchCompressor compressor = compressors.tryBorrow();
        if (compressor == null) {
            return; // all are busy: the sender seals this one
        }
        boolean senderSkippedIt;
        try {
            senderSkippedIt = closed.trySealEarly(compressor);
        } finally {
            compressors.giveBack(compressor);
        }
        if (senderSkippedIt) {
            wakeSender.run(); // the append result may not: a sticky record goes on to another partition's open batch
        }
    }

    /** Under the lock; a last batch the record does not fit is closed, unless it can grow to take it. */
    private AppendResult tryAppendToLast(PartitionQueue q, long timestamp, byte[] key, byte[] value,
            RecordHeader[] headers, PendingRecord<?> future) {
        ProducerBatch last = q.last();
        if (last == null || last.state() != BatchState.OPEN) {
            return null;
        }
        if (last.tryAppend(timestamp, key, value, headers, future)) {
            return last.isFull() ? AppendResult.APPENDED_BATCH_FULL : AppendResult.APPENDED;
        }
        if (last.capacityToGrowFor(RecordBatchWriter.estimateMaxSizeInBytes(key, value, headers)) == 0) {
            closeForAppends(q, last);
        }
        return null;
    }

    /**
     * Under the lock: no more appends to {@code b}; the partition's next batch is sized by what it holds. Its records'
     * heap objects are charged against buffer.memory from now until its buffer goes back ({@link #deallocate}).
     */
    private void closeForAppends(PartitionQueue q, ProducerBatch b) {
        if (b.state() == BatchState.OPEN) {
            b.closeForAppends();
            q.lastBatchBytes = b.sizeInBytes();
            long charge = (long) b.recordCount() * queuedRecordCharge;
            pool.charge(charge);
            b.heapCharged(charge, queuedRecordCharge);
        }
    }

    /**
     * What closing every open batch would charge ({@link #QUEUED_RECORD_HEAP_BYTES} for each of their records): the
     * most one append can charge before it asks for a new buffer (it may close a batch of the partition it tried
     * first and one of the partition the sticky partitioner moved it to). The simulation's model of when send()
     * blocks; looks at every partition, so not for the send path.
     */
    public long openBatchesCharge() {
        long sum = 0;
        for (PartitionQueue q : queues.values()) {
            q.lock.lock();
            try {
                ProducerBatch last = q.last();
                if (last != null && last.state() == BatchState.OPEN) {
                    sum += (long) last.recordCount() * queuedRecordCharge;
                }
            } finally {
                q.lock.unlock();
            }
        }
        return sum;
    }

    /** Gives back a batch's buffer (if {@code buffer} is not null: the batch released it) and its heap charge. */
    private void giveBack(ProducerBatch batch, ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        long charge = batch.takeHeapCharge();
        if (batch.bufferFromPool()) {
            pool.deallocate(buffer);
        }
        if (charge > 0) {
            pool.releaseCharge(charge);
        }
    }

    /**
     * The sender asks {@code gate} before it drains a partition (and in its ready check); set once, by the sender,
     * before its loop starts.
     */
    public void drainOnlyWhen(PartitionGate gate) {
        this.gate = gate;
    }

    /** The nodes that lead a partition with a sendable batch; also reports partitions whose leader is unknown. */
    /**
     * The nodes that lead a partition with a sendable batch; also reports partitions whose leader is unknown. Visits
     * only the partitions the {@link ReadyIndex} holds as sendable now (lingering ones wait in its heap, empty ones
     * are not there at all): the work per call does not grow with the number of partitions.
     */
    public ReadyCheck ready(ClusterSnapshot cluster, InFlightPolicy policy, long nowNs) {
        ReadyCheck result = new ReadyCheck();
        boolean flushing = flushing();
        index.refresh(nowNs, flushing);
        int visited = 0;
        for (Iterator<PartitionQueue> it = index.ready.iterator(); it.hasNext(); ) {
            PartitionQueue q = it.next();
            visited++;
            if (!policy.mayDrain(q.inFlight, q.hadSuccess)) {
                index.parkFromReady(it, q); // until a request of it ends (requestEnded signals it)
                continue;
            }
            ProducerBatch first = q.head(); // without the lock (see PartitionQueue.head)
            boolean more = q.moreThanOne();
            if (first == null) {
                index.forgetFromReady(it, q);
                continue;
            }
            long readyAtNs = index.readyAtNs(first, more, flushing);
            if (readyAtNs > nowNs) {
                index.lingerFromReady(it, q, readyAtNs); // its sendable batch left; the next one lingers
                continue;
            }
            if (fillsBehindInFlight(q, first, more, flushing)) {
                index.parkFromReady(it, q); // until its request ends (requestEnded signals it)
                continue;
            }
            if (gate != null && !gate.mayDrain(q.topicPartition)) {
                continue; // stays in the index; the gate's owner wakes the sender when it opens
            }
            int leader = leaderOf(q, cluster);
            if (leader < 0) {
                result.unknownLeaders = true;
                continue;
            }
            if (q.inFlight > 0 && q.inFlightNode != leader) {
                continue; // the leader moved: the requests to the old one end first (see drain)
            }
            result.readyNodes.add(leader);
        }
        result.nextCheckDelayNs = index.nextDueDelayNs(nowNs);
        queuesVisitedByLastReady = visited;
        queueVisits += visited;
        return result;
    }

    /**
     * Sender thread: a partition with a request in flight keeps its lingered batch open for appends until that
     * request ends, unless the batch is full (no room for another record like its largest; or closed, with a batch
     * behind it), a retry, or a flush or close runs.
     * With many partitions each holding a few records per linger.ms, sending the next batch at once would split the
     * partition's records over up to max.in.flight small batches, and the broker's cost is per batch (issue 16: at
     * 1,000 keyed partitions batches held about two records). Full batches still pipeline, so a partition that fills
     * batches (the few-partition case) is not slowed; the response wakes the sender, so the batch goes out then.
     */
    private static boolean fillsBehindInFlight(PartitionQueue q, ProducerBatch first, boolean more, boolean flushing) {
        return q.inFlight > 0 && !more && !flushing && !first.isRetry() && !first.looksAsGoodAsFull();
    }

    private boolean flushing() {
        return flushesInProgress.get() > 0 || closing;
    }

    /**
     * Takes sendable batches of the partitions the node leads, up to {@code maxRequestSizeBytes} in total (at least
     * one batch). A partition gives at most one batch per request; {@code maxInFlightPerPartition} limits how many
     * of its batches may be in flight at once (1 while the partition has had no success under the current producer
     * id, after a retry, and at a new leader until a first success there).
     */
    public List<ProducerBatch> drain(ClusterSnapshot cluster, int nodeId, int maxRequestSizeBytes,
            InFlightPolicy policy, long nowNs) {
        List<ProducerBatch> out = new ArrayList<>();
        List<PartitionQueue> drained = null;
        List<PartitionQueue> emptied = null;
        int size = 0;
        boolean flushing = flushing();
        index.refresh(nowNs, flushing);
        // Only the partitions sendable now; those drained go to the back of the index, so none starves.
        int visited = 0;
        for (PartitionQueue q : index.ready) {
            visited++;
            if (leaderOf(q, cluster) != nodeId) {
                continue;
            }
            if (q.inFlight > 0 && q.inFlightNode != nodeId) {
                // The leader moved while requests to the old one are in flight: they are about to fail and be
                // retried, and a batch sent behind them to the new leader would land first.
                continue;
            }
            if (q.inFlightNode != nodeId) {
                // A new leader (or the first request of the partition): one request until one succeeded there. A
                // broker named leader by metadata may not have applied its election yet (each broker applies it on
                // its own): it rejects the first requests and appends those pipelined behind them once it has.
                q.hadSuccess = false;
            }
            if (!policy.mayDrain(q.inFlight, q.hadSuccess)) {
                continue;
            }
            ProducerBatch head = q.head(); // a first look without the lock: it is taken only to drain
            if (head == null || index.readyAtNs(head, q.moreThanOne(), flushing) > nowNs
                    || fillsBehindInFlight(q, head, q.moreThanOne(), flushing)) {
                continue; // (checked again under the lock below, with the seal; a change since signals the index)
            }
            q.lock.lock();
            try {
                ProducerBatch first = q.first();
                boolean more = q.size() > 1;
                if (first == null || index.readyAtNs(first, more, flushing) > nowNs
                        || fillsBehindInFlight(q, first, more, flushing) || first.skipWhileBeingSealed()) {
                    continue; // (an application thread compressing it wakes the sender when done: see sealEarly)
                }
                if (gate != null && !gate.mayDrain(q.topicPartition)) {
                    continue; // (asked only for a partition with a batch to send; the gate does no locking)
                }
                if (!out.isEmpty() && size + first.sizeInBytes() > maxRequestSizeBytes) {
                    continue;
                }
                closeForAppends(q, first);
                q.pollFirst();
                if (first.orderKey < 0) {
                    first.orderKey = q.nextOrderKey;
                    q.nextOrderKey += first.recordCount();
                }
                size += first.sizeInBytes();
                q.inFlight++;
                q.inFlightNode = nodeId;
                out.add(first);
                if (q.isEmpty()) {
                    // Out of the index now, not at the next look: an idle partition costs no loop anything. A batch
                    // appended from here on signals the index, which places the queue again at its next refresh.
                    if (emptied == null) {
                        emptied = new ArrayList<>();
                    }
                    emptied.add(q);
                    continue;
                }
            } finally {
                q.lock.unlock();
            }
            if (drained == null) {
                drained = new ArrayList<>();
            }
            drained.add(q);
        }
        queuesVisitedByLastDrain = visited;
        queueVisits += visited;
        if (drained != null) {
            for (PartitionQueue q : drained) {
                index.ready.remove(q);
                index.ready.add(q);
            }
        }
        if (emptied != null) {
            for (PartitionQueue q : emptied) {
                index.forget(q);
            }
        }
        return out;
    }

    /** A retried batch goes back to the front of its queue, ahead of newer batches, keeping the partition's order. */
    public void reenqueue(ProducerBatch batch, long notBeforeNs) {
        PartitionQueue q = queues.get(batch.topicPartition);
        q.lock.lock();
        try {
            batch.markForRetry(notBeforeNs);
            q.putBackInOrder(batch);
            q.hadSuccess = false; // one request at a time until the put-back batches have succeeded
        } finally {
            q.lock.unlock();
        }
        index.signal(q);
    }

    /**
     * The broker rejected {@code big} as too large (it is back from its request, counted out of flight): its records
     * go into two batches of about half its size each, which take its place at the front of the queue, in order,
     * with its sequence numbers (so nothing else of the partition needs re-stamping). Each record's future moves to
     * its new batch; waiting for {@code big} waits for the parts. The parts are rejected and split again until they
     * fit or hold a single record each. Returns the parts, or an empty list when {@code big} holds one record or was
     * already done (expired): the caller then fails it.
     *
     * <p>Memory: the parts take buffers from the pool after {@code big}'s buffer went back to it; if the pool cannot
     * give them at once (callers wait for memory), they take heap buffers outside {@code buffer.memory} rather than
     * blocking the sender thread (about one batch more than the budget, while the parts are in flight).
     */
    public List<ProducerBatch> splitAndReenqueue(ProducerBatch big, long nowNs) {
        int n = big.recordCount();
        if (n < 2 || big.isDone()) {
            return List.of();
        }
        List<DecodedRecord> records = big.sentRecords();
        if (records.size() != n) {
            throw new IllegalStateException(big + " decoded to " + records.size() + " records");
        }
        int cut = halfBySize(records);
        giveBack(big, big.releasableBuffer()); // its bytes are decoded: the parts may reuse the memory
        List<ProducerBatch> parts = new ArrayList<>(2);
        try {
            parts.add(part(big, records, 0, cut, nowNs));
            parts.add(part(big, records, cut, n, nowNs));
        } catch (RuntimeException | Error e) {
            for (ProducerBatch p : parts) {
                deallocate(p);
            }
            throw e;
        }
        incomplete.addAll(parts); // before big leaves: flush() sees either big (and waits for the parts) or them
        if (!big.markSplit(parts)) {
            for (ProducerBatch p : parts) {
                deallocate(p);
            }
            return List.of();
        }
        incomplete.remove(big);
        PartitionQueue q = queue(big.topicPartition);
        q.lock.lock();
        try {
            for (ProducerBatch p : parts) {
                q.putBackInOrder(p);
            }
            q.hadSuccess = false;
        } finally {
            q.lock.unlock();
        }
        index.signal(q);
        return parts;
    }

    /** Where to cut the records so both parts hold about half the bytes, and at least one record each. */
    private static int halfBySize(List<DecodedRecord> records) {
        long total = 0;
        for (DecodedRecord r : records) {
            total += recordSize(r);
        }
        long sum = 0;
        int i = 0;
        while (i < records.size() - 1 && (sum += recordSize(records.get(i))) * 2 <= total) {
            i++;
        }
        return Math.max(1, Math.min(i, records.size() - 1));
    }

    private static long recordSize(DecodedRecord r) {
        return RecordBatchWriter.estimateMaxSizeInBytes(r.key(), r.value(), headers(r));
    }

    private static RecordHeader[] headers(DecodedRecord r) {
        return r.headers().toArray(new RecordHeader[0]);
    }

    /** A new batch with records [from, to) of {@code big}, their futures, and big's place in the partition order. */
    private ProducerBatch part(ProducerBatch big, List<DecodedRecord> records, int from, int to, long nowNs) {
        long baseTimestamp = records.get(from).timestamp();
        long size = RecordBatchLayout.HEADER_SIZE_IN_BYTES;
        for (int i = from; i < to; i++) {
            DecodedRecord r = records.get(i);
            size += RecordBatchWriter.sizeOfRecord(i - from, r.timestamp() - baseTimestamp, r.key(), r.value(),
                    headers(r));
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE, size);
        ByteBuffer buffer = tryAllocateQuietly(capacity);
        boolean pooled = buffer != null;
        ProducerBatch part = new ProducerBatch(big.topicPartition, pooled ? buffer : ByteBuffer.allocate(capacity),
                pooled, baseTimestamp, logAppendTime, big.createdNs());
        for (int i = from; i < to; i++) {
            DecodedRecord r = records.get(i);
            if (!part.tryAppend(r.timestamp(), r.key(), r.value(), headers(r), big.future(i))) {
                deallocate(part);
                throw new IllegalStateException("record " + i + " of " + big + " did not fit its split part");
            }
        }
        part.continueAfterSplit(big, from, nowNs);
        return part;
    }

    private ByteBuffer tryAllocateQuietly(int size) {
        try {
            return pool.tryAllocate(size);
        } catch (RuntimeException e) { // closed, or larger than the whole budget: take it outside the pool
            return null;
        }
    }

    /**
     * The sender says a request for the batch's partition ended (success or not). A success lets the partition
     * pipeline again ({@link InFlightPolicy}), unless batches put back for another attempt still wait at the front of
     * its queue: those go one request at a time, so none of them can land after a batch sent behind it.
     */
    public void requestEnded(ProducerBatch batch, boolean success) {
        PartitionQueue q = queues.get(batch.topicPartition);
        if (q != null) {
            index.signal(q); // if it was parked waiting for this (cheap when not: a flag's CAS)
            q.inFlight--;
            if (success) {
                q.succeededThisEpoch = true;
            }
            if (success && !q.hadSuccess) {
                ProducerBatch head = q.head(); // (an appender changes it only from none to a new batch)
                q.hadSuccess = head == null || head.orderKey < 0;
            }
        }
    }

    /** Forgets per-partition success (new producer id or epoch): the broker accepts any first sequence again. */
    public void resetPartitionSuccess() {
        for (PartitionQueue q : queues.values()) {
            q.hadSuccess = false;
            q.succeededThisEpoch = false;
        }
    }

    /**
     * The same producer id moves to the next epoch with nothing in flight (transactions v2: the coordinator bumps
     * the epoch at the end of every transaction). A partition written successfully under the ending epoch keeps
     * pipelining: its leader holds this producer's state, so it accepts the new epoch only from sequence 0 and
     * refuses a later batch that overtakes the first (OUT_OF_ORDER_SEQUENCE_NUMBER, retried behind it), as it does
     * within an epoch. Every other partition starts over with one request until a first success, as after
     * {@link #resetPartitionSuccess}: a leader without the producer's state would accept any first sequence.
     */
    public void carryPartitionSuccessToNextEpoch() {
        for (PartitionQueue q : queues.values()) {
            q.hadSuccess = q.hadSuccess && q.succeededThisEpoch;
            q.succeededThisEpoch = false;
        }
    }

    /** Removes and returns queued (not in-flight) batches created more than {@code deliveryTimeoutNs} ago. */
    /**
     * Sender thread: the partition's leader in {@code cluster} (-1 if unknown), from the queue's cache while the
     * snapshot is the one it was computed from. Each look at a ready partition searched the snapshot's topic and node
     * maps (issue 16, session 16: 10 % of the sender thread's samples at 1,000 partitions).
     */
    private static int leaderOf(PartitionQueue q, ClusterSnapshot cluster) {
        long version = cluster.version();
        if (q.leaderSnapshotVersion != version) {
            q.leader = cluster.leaderFor(q.topicPartition);
            q.leaderSnapshotVersion = version;
        }
        return q.leader;
    }

    public List<ProducerBatch> expired(long deliveryTimeoutNs, long nowNs) {
        index.refresh(nowNs, flushing());
        if (!index.mayHoldOlderThan(deliveryTimeoutNs, nowNs)) {
            return List.of(); // the per-loop check; the scan below runs only when a batch may have expired
        }
        List<ProducerBatch> out = null;
        long oldest = Long.MAX_VALUE;
        for (PartitionQueue q : index.tracked()) {
            queueVisits++;
            ProducerBatch head = q.head(); // without the lock: only the sender removes batches
            if (head == null || nowNs - head.createdNs() < deliveryTimeoutNs) {
                if (head != null) {
                    oldest = Math.min(oldest, head.createdNs());
                }
                continue;
            }
            q.lock.lock();
            try {
                for (ProducerBatch b = q.first(); b != null; b = q.first()) {
                    if (nowNs - b.createdNs() < deliveryTimeoutNs) {
                        oldest = Math.min(oldest, b.createdNs());
                        break; // batches are in creation order within a partition
                    }
                    b.closeForAppends();
                    q.pollFirst();
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(b);
                }
            } finally {
                q.lock.unlock();
            }
        }
        index.resetOldest(oldest);
        return out == null ? List.of() : out;
    }

    /**
     * Removes and returns the queued (not in-flight) batches of these partitions: the records waiting on a node that
     * failed authentication, which fail at once instead of waiting for delivery.timeout.ms.
     */
    public List<ProducerBatch> drainQueued(List<TopicPartition> partitions) {
        List<ProducerBatch> out = null;
        for (TopicPartition tp : partitions) {
            PartitionQueue q = queues.get(tp);
            if (q == null) {
                continue;
            }
            q.lock.lock();
            try {
                if (!q.isEmpty()) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    q.removeAllInto(out);
                }
            } finally {
                q.lock.unlock();
            }
        }
        return out == null ? List.of() : out;
    }

    /** Removes every queued batch (close without waiting, fatal errors). */
    public List<ProducerBatch> drainAll() {
        List<ProducerBatch> out = new ArrayList<>();
        for (PartitionQueue q : queues.values()) {
            q.lock.lock();
            try {
                q.removeAllInto(out);
            } finally {
                q.lock.unlock();
            }
        }
        return out;
    }

    /** Gives the batch's buffer back to the pool and forgets it; call once it is done and not in flight. */
    public void deallocate(ProducerBatch batch) {
        incomplete.remove(batch);
        giveBack(batch, batch.releasableBuffer());
    }

    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /** A copy of the batches not yet completed, for flush(). */
    public List<ProducerBatch> incompleteBatches() {
        return new ArrayList<>(incomplete);
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    public void beginClose() {
        closing = true;
    }

    /**
     * No append succeeds after this. Called by the sender before its final {@link #drainAll()}: an append either
     * got in before (and is drained under the same partition lock) or fails here, so no record is orphaned.
     */
    public void closeForAppends() {
        closed = true;
        CompressorPool compressors = earlySealCompressors;
        if (compressors != null) {
            compressors.close(); // a seal still running closes its compressor when it gives it back
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("Cannot send after the producer is closed.");
        }
    }

    public BufferPool pool() {
        return pool;
    }

    /**
     * Partition queues the sender's ready check, drain and expiry scan have looked at so far, in total (tests: the
     * sender's work per loop must not grow with partitions that hold nothing). Sender thread.
     */
    public long partitionQueueVisits() {
        return queueVisits;
    }

    /** The ready index (tests). */
    ReadyIndex readyIndex() {
        return index;
    }

    /** Result of {@link #ready}. */
    public static final class ReadyCheck {
        public final Set<Integer> readyNodes = new java.util.HashSet<>();
        public long nextCheckDelayNs = Long.MAX_VALUE;
        public boolean unknownLeaders;
    }

    /**
     * Whether a partition with this many requests in flight may send another. {@code hadSuccess} is false until a
     * first request of the partition succeeded (under the current producer id and epoch, with idempotence), and again
     * from a retry (or a split) until the put-back batches have succeeded.
     */
    @FunctionalInterface
    public interface InFlightPolicy {
        boolean mayDrain(int inFlightForPartition, boolean hadSuccess);
    }

    /** Whether a batch of the same producer id/epoch with a lower sequence waits in the partition queue for a retry. */
    public boolean hasRetryBefore(ProducerBatch b) {
        PartitionQueue q = queues.get(b.topicPartition);
        if (q == null) {
            return false;
        }
        q.lock.lock();
        try {
            for (ProducerBatch other : q.batches()) {
                if (!other.isRetry()) {
                    return false;
                }
                if (Idempotence.isEarlierOfSameProducer(other, b)) {
                    return true;
                }
            }
        } finally {
            q.lock.unlock();
        }
        return false;
    }
}
