package dev.vltava.producer.sim;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.SimulatedEngine;
import dev.vltava.producer.internal.VltavaProducer;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of the deterministic simulation: the real producer engine (accumulator, buffer pool, sender, network
 * client, metadata, idempotence, completions) on ONE thread, against {@link SimCluster} over {@link SimNetwork}, with
 * application threads, the completion thread and faults as events on a virtual clock. Everything follows from the
 * seed; a run replays exactly.
 *
 * <p>How the pieces take turns: the simulation calls the engine's own {@code Sender.run()} on the test thread; each
 * turn of the sender loop polls the transport, and the transport's poll runs the events due in the world (brokers,
 * network, application steps, callbacks, faults) while it advances virtual time. The loop ends when the producer is
 * closed, exactly as the sender thread ends in production.
 *
 * <p>Blocking calls of application threads: {@code send()} is called only when it will not block (max.block.ms=0
 * runs call it always; otherwise a thread whose send would wait for buffer memory or for earlier records of its topic
 * is "blocked" and retries later — the engine's own max.block.ms timeout is exercised only with max.block.ms=0).
 * {@code flush()} is the engine's flush split into steps (begin, wait for the batches it captured, end) checked by the
 * scheduler; {@code close(timeout)} is the real call, and its timeout is enforced by forcing the sender as Engine
 * does. Not covered: partitionsFor, interceptors, a user partitioner, compression on application threads racing the
 * sender (all threads are one).
 */
final class Simulation {
    private static final String[] TOPICS = {"t0", "t1", "t2"};
    private static final int[] PARTITIONS = {3, 1, 6};
    private static final String MISSING_TOPIC = "missing";
    /** close(timeout) must let the sender stop within its timeout plus this (virtual time). */
    static final long CLOSE_MARGIN_MS = 100;
    /** The main thread closes the producer by then even if application threads are still blocked (virtual). */
    private static final double MAIN_CLOSES_AT_MS = 150_000;
    /** See checkRecord: duplicates re-stamped after a producer-id reset are a known issue unless this is set. */
    /**
     * A batch that may be in the log under an old producer id is no longer re-stamped with a new one (it fails as
     * ambiguous instead), so a duplicate across a producer-id reset is a violation; -Dsim.strictRestamp=false
     * tolerates it again (as it was tolerated before that fix).
     */
    static final boolean STRICT_RESTAMP = !"false".equals(System.getProperty("sim.strictRestamp"));

    final long seed;
    private final SimRandom r;
    private final EventLoop loop = new EventLoop();
    final SimStats stats = new SimStats();
    private final SimRecords records = new SimRecords();
    final SimFaults faults;
    private final SimCluster cluster;
    private final SimNetwork network;
    private final SimAttempts attempts;
    private final Map<String, Object> props = new LinkedHashMap<>();
    private final SimulatedEngine engine;
    private final VltavaProducer<byte[], byte[]> producer;
    final List<String> violations = new ArrayList<>();
    private final int batchSize;
    private final long maxBlockMs;
    private final long deliveryTimeoutMs;
    private final long requestTimeoutMs;
    private final String acks;
    private final int maxInFlight;

    private final ArrayDeque<Runnable> completionQueue = new ArrayDeque<>();
    private boolean completionBusy;
    private final List<SimCluster.View> history = new ArrayList<>();

    private long nextRecordId = 1;
    private int threadsRunning;
    private long[] blockedSinceNs;
    private boolean closeCalled;
    private long closeCalledNs;
    private long closeTimeoutMs;
    private boolean senderStopped;
    private long senderStoppedNs;
    private final List<Flush> flushes = new ArrayList<>();

    private static final class Flush {
        final long startNs;
        final List<PendingRecord<?>> futures;
        final List<ProducerBatch> batches;
        long endNs = -1;

        Flush(long startNs, List<PendingRecord<?>> futures, List<ProducerBatch> batches) {
            this.startNs = startNs;
            this.futures = futures;
            this.batches = batches;
        }
    }

    Simulation(long seed, Set<SimFaults.Kind> enabled) {
        this.seed = seed;
        this.r = new SimRandom(seed);
        this.faults = new SimFaults(enabled, r, new SimRandom(seed ^ 0x5DEECE66DL));
        this.cluster = new SimCluster(3, r, faults, stats, records);
        cluster.clockMs = loop::nowMs;
        for (int i = 0; i < TOPICS.length; i++) {
            cluster.addTopic(TOPICS[i], PARTITIONS[i]);
        }
        batchSize = r.pick(256, 1024, 4096, 16_384);
        long lingerMs = r.pick(0, 2, 10, 50);
        maxBlockMs = r.pick(0L, 2_000L, 60_000L);
        requestTimeoutMs = r.pick(500L, 2_000L, 10_000L);
        deliveryTimeoutMs = lingerMs + requestTimeoutMs + r.pick(0L, 3_000L, 30_000L);
        props.put("bootstrap.servers", "b0:9092,b1:9092,b2:9092");
        props.put("client.id", "sim");
        acks = faults.acksZero ? "0" : faults.nonIdempotent ? r.pick("1", "all") : "all";
        props.put("acks", acks);
        props.put("enable.idempotence", faults.nonIdempotent ? "false" : "true");
        props.put("batch.size", batchSize);
        props.put("linger.ms", lingerMs);
        props.put("buffer.memory", faults.smallBufferMemory ? (long) batchSize * r.between(2, 6) : 32L << 20);
        props.put("max.block.ms", maxBlockMs);
        props.put("request.timeout.ms", (int) requestTimeoutMs);
        props.put("delivery.timeout.ms", (int) deliveryTimeoutMs);
        maxInFlight = r.pick(1, 2, 5);
        props.put("max.in.flight.requests.per.connection", maxInFlight);
        props.put("retry.backoff.ms", r.pick(10L, 100L));
        props.put("retry.backoff.max.ms", 1_000L);
        props.put("reconnect.backoff.ms", r.pick(10L, 50L));
        props.put("reconnect.backoff.max.ms", 1_000L);
        props.put("metadata.max.age.ms", r.pick(1_000L, 10_000L, 300_000L));
        props.put("socket.connection.setup.timeout.ms", 1_000L);
        props.put("socket.connection.setup.timeout.max.ms", 5_000L);
        props.put("compression.type", r.pick("none", "none", "gzip", "lz4"));
        this.attempts = new SimAttempts(cluster::topicName);
        this.network = new SimNetwork(loop, cluster, r, faults, stats, records, attempts, requestTimeoutMs,
                this::checkLimits);
        this.engine = new SimulatedEngine(ProducerConfig.from(props), loop::nowNs, network, new Random(r.nextLong()),
                this::submitCompletion);
        this.producer = engine.producer();
    }

    /** Runs the seed to its end and checks the invariants; the violations found (empty = passed). */
    List<String> run() {
        int records = r.between(30, 400);
        int threads = faults.threads;
        threadsRunning = threads;
        blockedSinceNs = new long[threads];
        loop.afterMs(MAIN_CLOSES_AT_MS, this::closeNow); // at the latest: stuck threads do not keep it open
        for (int t = 0; t < threads; t++) {
            int id = t;
            int quota = records / threads + (t == 0 ? records % threads : 0);
            double thinkMs = r.pick(0.02, 0.3, 3.0);
            loop.afterMs(r.between(0.0, 5.0), () -> startThread(id, quota, thinkMs, 0));
        }
        scheduleFaults();
        if (maxBlockMs == 0 && r.chance(0.8)) {
            // What partitionsFor() does, as applications with max.block.ms=0 do before sending: ask for the topics'
            // metadata first (otherwise every early record fails at once, as documented for max.block.ms=0).
            for (String t : TOPICS) {
                engine.metadata().touch(t, loop.nowNs());
            }
            engine.metadata().requestUpdate();
        }
        if (faults.closeTimeouts && r.chance(0.5)) {
            loop.afterMs(r.between(1.0, 3_000.0), this::closeNow); // close in the middle of sending
        }
        try {
            engine.sender().run();
        } catch (Throwable t) {
            violation("Sender.run() threw " + t);
        }
        senderStopped = true;
        senderStoppedNs = loop.nowNs();
        // After the sender stopped: callbacks still queued run, blocked threads find the producer closed.
        long limit = loop.nowNs() + TimeUnit.SECONDS.toNanos(600);
        while (loop.runNext(limit)) {
            if (loop.executed() > 20_000_000) {
                violation("more than 20 million events: the simulation does not end");
                break;
            }
        }
        engine.closePool();
        stats.virtualMs = loop.nowMs();
        check();
        return violations;
    }

    // ---------------------------------------------------------------- application threads

    /** With max.block.ms=0, a thread first waits (up to 2 s) until its topics' metadata is known. */
    private void startThread(int thread, int quota, double thinkMs, int waitedMs) {
        boolean known = true;
        for (String t : TOPICS) {
            known &= engine.metadata().snapshot().partitionCount(t) > 0;
        }
        if (maxBlockMs > 0 || known || waitedMs >= 2_000) {
            appStep(thread, quota, thinkMs);
        } else {
            loop.afterMs(10.0, () -> startThread(thread, quota, thinkMs, waitedMs + 10));
        }
    }

    private void appStep(int thread, int left, double thinkMs) {
        if (closeCalled) {
            if (left > 0 && r.chance(0.2)) {
                sendAfterClose(thread);
            }
            threadDone();
            return;
        }
        if (left == 0) {
            threadDone();
            return;
        }
        if (r.chance(faults.flushPerOp)) {
            startFlush(thread, () -> loop.afterMs(r.exp(thinkMs), () -> appStep(thread, left, thinkMs)));
            return;
        }
        boolean sent = trySend(thread);
        if (!sent) {
            // Blocked in send() (buffer memory, or earlier records of the topic): try again later. After
            // max.block.ms the engine would fail this send; the thread gives it up instead (it never calls the
            // blocking path: see the class comment).
            if (blockedSinceNs[thread] == 0) {
                blockedSinceNs[thread] = loop.nowNs();
            } else if (loop.nowNs() - blockedSinceNs[thread] > TimeUnit.MILLISECONDS.toNanos(maxBlockMs)) {
                blockedSinceNs[thread] = 0;
                stats.blockedGaveUp++;
                nextRecordId++; // that record is not sent
                loop.afterMs(r.exp(thinkMs), () -> appStep(thread, left - 1, thinkMs));
                return;
            }
            loop.afterMs(r.between(0.5, 5.0), () -> appStep(thread, left, thinkMs));
            return;
        }
        blockedSinceNs[thread] = 0;
        loop.afterMs(r.exp(thinkMs), () -> appStep(thread, left - 1, thinkMs));
    }

    private void threadDone() {
        if (--threadsRunning == 0 && !closeCalled) {
            loop.afterMs(r.pick(0.0, 10.0, 1_000.0, 5_000.0), this::closeNow);
        }
    }

    /** One send() of a fresh record; false if the thread would block in send() (then nothing was sent). */
    private boolean trySend(int thread) {
        String topic = faults.unknownTopic && r.chance(0.03) ? MISSING_TOPIC : r.pick(TOPICS);
        int known = engine.metadata().snapshot().partitionCount(topic);
        Integer explicit = null;
        if (r.chance(0.1)) {
            int p = topic.equals(MISSING_TOPIC) ? 0 : PARTITIONS[indexOf(topic)];
            explicit = r.nextInt(p == 0 ? 1 : p);
        }
        byte[] key = r.chance(0.3) ? ("k" + r.nextInt(10)).getBytes() : null;
        long id = nextRecordId;
        int pad = r.chance(0.02) ? r.between(batchSize / 2, batchSize * 2) : r.between(0, 200);
        byte[] value = ByteBuffer.allocate(8 + pad).putLong(id).array();
        if (maxBlockMs > 0 && wouldBlock(topic, known, explicit, key, value)) {
            stats.blockedSends++;
            return false;
        }
        nextRecordId++;
        SimRecords.SimRecord rec = records.add(new SimRecords.SimRecord(id, thread, topic, explicit, loop.nowMs()));
        stats.records++;
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(topic, explicit, 1_700_000_000_000L + loop.nowMs(),
                key, value);
        try {
            rec.future = producer.send(pr, (md, e) -> onCompletion(rec, md, e));
        } catch (IllegalStateException e) {
            if (!closeCalled) {
                violation("send() threw before close: " + e);
            }
            rec.future = CompletableFuture.failedFuture(e);
            rec.callbacks = 1; // never accepted: nothing to complete
            rec.error = e;
        } catch (RuntimeException e) {
            violation("send() threw " + e + " for " + rec);
            rec.future = CompletableFuture.failedFuture(e);
            rec.callbacks = 1;
            rec.error = e;
        }
        return true;
    }

    private void sendAfterClose(int thread) {
        try {
            producer.send(new ProducerRecord<>(TOPICS[0], null, 0L, null, new byte[8]));
            violation("send() after close() was accepted (thread " + thread + ")");
        } catch (IllegalStateException expected) {
            // as documented
        }
    }

    private boolean wouldBlock(String topic, int known, Integer explicit, byte[] key, byte[] value) {
        if (known > 0 && (explicit == null || explicit < known) && engine.waiting().isWaiting(topic)) {
            return true; // send() would wait for the topic's earlier records (WaitingRecords.awaitDrained)
        }
        BufferPool pool = engine.pool();
        int size = RecordBatchWriter.estimateMaxSizeInBytes(key, value, new RecordHeader[0]);
        if (size > pool.totalMemoryBytes()) {
            return false; // send() rejects it at once (larger than buffer.memory)
        }
        // A new batch's buffer, and the heap charge of the open batches the record may close first.
        long need = Math.max(batchSize, size) + engine.accumulator().openBatchesCharge();
        return pool.queuedWaiters() > 0 || pool.availableMemoryBytes() < need;
    }

    private static int indexOf(String topic) {
        for (int i = 0; i < TOPICS.length; i++) {
            if (TOPICS[i].equals(topic)) {
                return i;
            }
        }
        throw new IllegalArgumentException(topic);
    }

    private void onCompletion(SimRecords.SimRecord rec, RecordMetadata md, Exception e) {
        rec.callbacks++;
        if (rec.callbacks == 1) {
            rec.error = e;
            rec.metadata = e == null ? md : null;
        }
        if (r.chance(faults.callbackThrows)) {
            stats.callbacksThrown++;
            throw new IllegalStateException("simulated callback failure (record " + rec.id + ")");
        }
        if (r.chance(faults.callbackError)) {
            stats.callbacksThrown++;
            throw new AssertionError("simulated assertion failing in a callback (record " + rec.id + ")");
        }
    }

    // ---------------------------------------------------------------- flush, close, completions

    private void startFlush(int thread, Runnable then) {
        stats.flushes++;
        engine.accumulator().beginFlush();
        engine.sender().wakeup();
        Flush f = new Flush(loop.nowNs(), engine.waiting().futures(), engine.accumulator().incompleteBatches());
        flushes.add(f);
        awaitFlush(f, then);
    }

    private void awaitFlush(Flush f, Runnable then) {
        if (!flushDone(f)) {
            if (!senderStopped || !completionQueue.isEmpty() || completionBusy) {
                loop.afterMs(1.0, () -> awaitFlush(f, then));
            } // else it never returns: reported by check()
            return;
        }
        f.endNs = loop.nowNs();
        engine.accumulator().endFlush();
        then.run();
    }

    private static boolean flushDone(Flush f) {
        for (PendingRecord<?> rf : f.futures) {
            if (!rf.isDone()) {
                return false;
            }
        }
        for (ProducerBatch b : f.batches) {
            try {
                if (!b.awaitDone(0, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    private void closeNow() {
        if (closeCalled) {
            return;
        }
        stats.closes++;
        closeCalled = true;
        closeCalledNs = loop.nowNs();
        closeTimeoutMs = faults.closeTimeouts ? r.pick(0L, 10L, 100L, 1_000L, 5_000L, Long.MAX_VALUE) : Long.MAX_VALUE;
        producer.close(closeTimeoutMs == Long.MAX_VALUE ? Duration.ofMillis(Long.MAX_VALUE)
                : Duration.ofMillis(closeTimeoutMs));
        if (closeTimeoutMs > 0 && closeTimeoutMs != Long.MAX_VALUE) {
            loop.afterMs(closeTimeoutMs, () -> {
                if (!senderStopped) {
                    stats.forcedCloses++;
                    engine.sender().forceClose(); // what Engine.close does when the sender outlives the timeout
                }
            });
        }
    }

    private void submitCompletion(Runnable task) {
        completionQueue.add(task);
        if (!completionBusy) {
            runCompletionSoon();
        }
    }

    private void runCompletionSoon() {
        completionBusy = true;
        double costMs = 0.005;
        if (r.chance(faults.slowCallback)) {
            stats.slowCallbacks++;
            costMs = r.between(1.0, 300.0);
        }
        loop.afterMs(costMs, () -> {
            Runnable task = completionQueue.poll();
            task.run();
            if (completionQueue.isEmpty()) {
                completionBusy = false;
            } else {
                runCompletionSoon();
            }
        });
    }

    // ---------------------------------------------------------------- faults over time

    private void scheduleFaults() {
        recurring(faults.leaderMoveMeanMs, () -> {
            history.add(cluster.view());
            SimCluster.Topic t = cluster.topics.get(r.pick(TOPICS));
            cluster.moveLeader(t, r.nextInt(t.leaders.length));
            stats.leaderMoves++;
        });
        recurring(faults.restartMeanMs, () -> {
            int b = r.nextInt(cluster.brokers());
            int up = 0;
            for (boolean u : cluster.brokerUp) {
                up += u ? 1 : 0;
            }
            if (!cluster.brokerUp[b] || up < 2) {
                return;
            }
            stats.brokerRestarts++;
            history.add(cluster.view());
            cluster.brokerDown(b);
            network.brokerDown(b);
            loop.afterMs(r.between(50.0, 3_000.0), () -> {
                history.add(cluster.view());
                cluster.brokerUp(b);
            });
        });
        recurring(faults.stateLossMeanMs, () -> {
            SimCluster.Topic t = cluster.topics.get(r.pick(TOPICS));
            t.logs[r.nextInt(t.logs.length)].loseProducerState();
            stats.producerStateLosses++;
        });
        recurring(faults.staleMeanMs, () -> {
            if (history.isEmpty()) {
                return;
            }
            int b = r.nextInt(cluster.brokers());
            cluster.staleView[b] = r.pick(history);
            loop.afterMs(r.between(100.0, 3_000.0), () -> cluster.staleView[b] = null);
        });
    }

    private void recurring(double meanMs, Runnable fault) {
        if (meanMs <= 0) {
            return;
        }
        loop.afterMs(r.exp(meanMs), () -> {
            if (senderStopped) {
                return;
            }
            fault.run();
            recurring(meanMs, fault);
        });
    }

    /** Called at every poll: ends a run that does not end by itself (its close is reported as too slow). */
    private void checkLimits() {
        if (closeCalled && !senderStopped && !hardStopped) {
            long bound = closeBoundMs();
            if (loop.nowNs() - closeCalledNs > TimeUnit.MILLISECONDS.toNanos(bound + 60_000)) {
                hardStopped = true;
                engine.sender().forceClose();
            }
        }
        if (!closeCalled && loop.nowMs() > 600_000) {
            violation("close() was never called within 600 s of virtual time (application threads stuck?)");
            closeNow();
        }
    }

    private boolean hardStopped;

    /** How long the sender may take to stop after close(timeout). */
    private long closeBoundMs() {
        if (closeTimeoutMs != Long.MAX_VALUE) {
            return closeTimeoutMs + CLOSE_MARGIN_MS;
        }
        // unbounded close: a record may wait for metadata up to max.block.ms, then its batch lives up to
        // delivery.timeout.ms, and the request it is in ends by request.timeout.ms after that
        return maxBlockMs + deliveryTimeoutMs + requestTimeoutMs + 2_000;
    }

    // ---------------------------------------------------------------- invariants

    private void check() {
        if (!closeCalled) {
            violation("close() was never called");
        } else {
            long tookMs = TimeUnit.NANOSECONDS.toMillis(senderStoppedNs - closeCalledNs);
            if (tookMs > closeBoundMs()) {
                violation("close(" + (closeTimeoutMs == Long.MAX_VALUE ? "no timeout" : closeTimeoutMs + " ms")
                        + ") returned after " + tookMs + " ms (virtual), more than the bound of " + closeBoundMs()
                        + " ms");
            }
        }
        for (Flush f : flushes) {
            if (f.endNs < 0) {
                violation("a flush() started at " + TimeUnit.NANOSECONDS.toMillis(f.startNs - EventLoop.START_NS)
                        + " ms never returned");
            }
        }
        Map<Long, List<long[]>> inLog = new HashMap<>(); // id -> [topic index, partition, offset]
        for (int ti = 0; ti < TOPICS.length; ti++) {
            SimCluster.Topic t = cluster.topics.get(TOPICS[ti]);
            for (int p = 0; p < t.logs.length; p++) {
                List<Long> ids = t.logs[p].ids();
                for (int o = 0; o < ids.size(); o++) {
                    inLog.computeIfAbsent(ids.get(o), k -> new ArrayList<>())
                            .add(new long[] {ti, p, o, t.logs[p].producerIdAt(o), t.logs[p].lossGenerationAt(o)});
                }
            }
        }
        for (SimRecords.SimRecord rec : records.all) {
            checkRecord(rec, inLog.getOrDefault(rec.id, List.of()));
        }
        checkOrder();
        BufferPool pool = engine.pool();
        if (pool.availableMemoryBytes() != pool.totalMemoryBytes() || pool.earmarkedBytes() != 0) {
            violation("buffer pool not whole after close(" + closeTimeoutMs + " ms): " + pool.availableMemoryBytes() + " of "
                    + pool.totalMemoryBytes() + " bytes available, " + pool.earmarkedBytes() + " earmarked");
        }
    }

    private void checkRecord(SimRecords.SimRecord rec, List<long[]> where) {
        if (rec.future == null || !rec.future.isDone()) {
            violation("future never completed: " + rec);
            return;
        }
        if (rec.callbacks != 1) {
            violation("callback ran " + rec.callbacks + " times: " + rec);
        }
        if (rec.error != null) {
            stats.failed++;
            stats.failures.merge(rec.error.getClass().getSimpleName() + (rec.error instanceof TimeoutException te
                    ? "." + te.what() : ""), 1, Integer::sum);
            if (!rec.future.isCompletedExceptionally()) {
                violation("callback got an error but the future succeeded: " + rec);
            }
            boolean ambiguous = rec.error instanceof TimeoutException || rec.unresolvedAttempts > 0;
            if (!where.isEmpty() && !ambiguous) {
                violation("failed with a non-ambiguous error, yet in the log: " + rec + " " + describe(where));
            }
            if (where.size() > 1 && faults.nonIdempotent) {
                stats.duplicatesWithoutIdempotence++;
            } else if (where.size() > 1) {
                if (knownRestampDuplicate(rec, where, where.get(0))) {
                    stats.duplicatesAfterProducerIdReset++;
                } else {
                    violation("failed record is in the log " + where.size() + " times: " + rec + " "
                            + describe(where));
                }
            }
            return;
        }
        stats.acked++;
        RecordMetadata md = rec.future.getNow(null);
        if (md == null || !md.equals(rec.metadata)) {
            violation("future and callback disagree: " + md + " vs " + rec);
            return;
        }
        if (acks.equals("0")) {
            if (md.offset() != -1) {
                violation("acks=0 but the record has an offset: " + rec);
            }
            return; // nothing is acknowledged with acks=0: no log check
        }
        long[] at = null;
        for (long[] w : where) {
            boolean samePartition = TOPICS[(int) w[0]].equals(md.topic()) && w[1] == md.partition();
            // offset -1: the broker answered DUPLICATE_SEQUENCE_NUMBER (no offset), as Kafka reports it too
            // (with several copies, the latest: the duplicate was detected against it)
            if (samePartition && (w[2] == md.offset() || md.offset() == -1)) {
                at = w;
            }
        }
        if (at != null && md.offset() == -1) {
            stats.ackedWithoutOffset++;
            ackedOffsets.put(rec.id, at[2]);
        }
        if (at == null) {
            violation("acknowledged at " + md.topic() + "-" + md.partition() + "@" + md.offset() + " but stored at "
                    + describe(where) + ": " + rec);
            return;
        }
        if (where.size() != 1 && faults.nonIdempotent) {
            stats.duplicatesWithoutIdempotence++; // at least once: retries may write a batch twice
        } else if (where.size() != 1) {
            if (knownRestampDuplicate(rec, where, at)) {
                // KNOWN (reported with issue 12's simulation): a batch whose earlier attempt may have been written
                // under the old producer id is re-stamped with the new id after a producer-id reset and written
                // again; the broker cannot see that it is a duplicate. -Dsim.strictRestamp=true reports it.
                stats.duplicatesAfterProducerIdReset++;
                knownDuplicates.add(rec.id);
            } else {
                violation("acknowledged record is in the log " + where.size() + " times: " + rec + " "
                        + describe(where));
            }
        }
        if (rec.explicitPartition != null && md.partition() != rec.explicitPartition) {
            violation("record for explicit partition " + rec.explicitPartition + " went to " + md.partition());
        }
    }

    /** Acknowledged records of a partition are in the log in the order they were sent. */
    private void checkOrder() {
        if (faults.nonIdempotent) {
            if (!acks.equals("0")) {
                checkOrderWithoutIdempotence();
            }
            return;
        }
        Map<Long, Integer> sendIndex = new HashMap<>();
        for (int i = 0; i < records.all.size(); i++) {
            sendIndex.put(records.all.get(i).id, i);
        }
        for (String topic : TOPICS) {
            SimCluster.Topic t = cluster.topics.get(topic);
            for (int p = 0; p < t.logs.length; p++) {
                int last = -1;
                long lastId = -1;
                List<Long> ids = t.logs[p].ids();
                for (int o = 0; o < ids.size(); o++) {
                    long id = ids.get(o);
                    SimRecords.SimRecord rec = records.get(id);
                    long ackedAt = rec == null || rec.metadata == null ? -2
                            : rec.metadata.offset() >= 0 ? rec.metadata.offset() : ackedOffsets.getOrDefault(id, -2L);
                    if (rec == null || rec.error != null || rec.metadata == null || ackedAt != o
                            || knownDuplicates.contains(id)) {
                        continue; // only the acknowledged copy of an acknowledged record (without known duplicate)
                    }
                    int idx = sendIndex.get(id);
                    if (idx < last) {
                        violation("out of send order in " + topic + "-" + p + ": " + rec + " after " + records.get(lastId));
                    }
                    last = idx;
                    lastId = id;
                }
            }
        }
    }

    /**
     * Without idempotence: the first copies of the records in a partition's log are in send order, except where Kafka
     * cannot keep it (as the IT counts it: a record whose first copy comes after that of a record sent later is out of
     * order). For a record r whose first copy comes after the first copy of s, sent later, that is allowed only if
     * <ul>
     *   <li>the attempt that wrote r's first copy never told the client it succeeded (no answer, or an error after
     *       the append): without idempotence a retry cannot know that the write happened, nor stop it from landing
     *       late; or</li>
     *   <li>an attempt of r failed while the attempt that wrote s was already in flight to the same node, and the
     *       partition was licensed to pipeline to that node when s's attempt was sent ({@link SimAttempts}: the node
     *       had acknowledged a batch of the partition since the partition's last failure and its last request to
     *       another node). Only idempotence can keep order when a request fails while later ones, already sent to a
     *       leader that accepted the partition before, succeed (an error that is not about leadership, a split batch,
     *       or leadership leaving that node and coming back between two requests).</li>
     * </ul>
     * Anything else is the producer's doing: a batch sent behind one still in flight to another node, pipelining to a
     * node that had not acknowledged the partition yet (a fresh partition or a new leader), or sending on after a
     * failure the client already knew of.
     */
    private void checkOrderWithoutIdempotence() {
        Map<Long, Integer> sendIndex = new HashMap<>();
        for (int i = 0; i < records.all.size(); i++) {
            sendIndex.put(records.all.get(i).id, i);
        }
        for (String topic : TOPICS) {
            SimCluster.Topic t = cluster.topics.get(topic);
            for (int p = 0; p < t.logs.length; p++) {
                String key = SimAttempts.key(topic, p);
                SimLog log = t.logs[p];
                List<Long> ids = log.ids();
                java.util.Set<Long> seen = new java.util.HashSet<>();
                List<Long> placed = new ArrayList<>(); // first copies so far, in log order
                List<SimAttempts.Attempt> placedBy = new ArrayList<>();
                for (int o = 0; o < ids.size(); o++) {
                    long id = ids.get(o);
                    Integer idx = sendIndex.get(id);
                    if (idx == null || !seen.add(id)) {
                        continue;
                    }
                    SimRecords.SimRecord rec = records.get(id);
                    SimAttempts.Attempt wrote = log.writtenBy(o);
                    if (wrote == null || !wrote.learntSuccess(key)) {
                        placed.add(id); // its own position is ambiguous (see above), but later records must follow it
                        placedBy.add(wrote);
                        continue;
                    }
                    boolean excused = false;
                    for (int i = 0; i < placed.size(); i++) {
                        long earlier = placed.get(i);
                        if (sendIndex.get(earlier) < idx) {
                            continue;
                        }
                        if (!pipelinedAheadOfAFailure(rec, placedBy.get(i), key)) {
                            violation("out of send order in " + key + ": " + rec + " is stored after "
                                    + records.get(earlier) + ", which was sent later; attempts of the first: "
                                    + SimAttempts.describe(rec.attemptList, key) + ", the later one's copy written by "
                                    + SimAttempts.describe(List.of(placedBy.get(i)), key));
                            excused = false;
                            break;
                        }
                        excused = true;
                    }
                    if (excused) {
                        stats.reorderedBehindAFailure++;
                    }
                    placed.add(id);
                    placedBy.add(wrote);
                }
            }
        }
    }

    /** An attempt of {@code r} failed while {@code later} (licensed to pipeline) was in flight to the same node. */
    private boolean pipelinedAheadOfAFailure(SimRecords.SimRecord r, SimAttempts.Attempt later, String key) {
        if (later == null || !attempts.licensed(later, key, records)) {
            return false;
        }
        for (SimAttempts.Attempt a : r.attemptList) {
            if (a.node == later.node && a.sentTick < later.sentTick && a.learntFailure(key)
                    && a.learntTick > later.sentTick) {
                return true;
            }
        }
        return false;
    }

    /**
     * Duplicates the broker cannot detect, so allowed: every copy is in one partition, an attempt's outcome was never
     * learnt by the client, and each copy was written under a different producer id (KNOWN issue, see checkRecord;
     * strict with -Dsim.strictRestamp=true) or after the partition lost its producer state (a broker without the
     * state cannot know; as in Kafka).
     */
    private static boolean knownRestampDuplicate(SimRecords.SimRecord rec, List<long[]> where, long[] at) {
        if (rec.unresolvedAttempts == 0) {
            return false;
        }
        java.util.Set<String> sessions = new java.util.HashSet<>();
        boolean acrossLoss = false;
        for (long[] w : where) {
            if (w[0] != at[0] || w[1] != at[1]) {
                return false;
            }
            acrossLoss |= w[4] != at[4];
            if (!sessions.add(w[3] + "/" + w[4])) {
                return false;
            }
        }
        return acrossLoss || !STRICT_RESTAMP;
    }

    /** Acknowledged records with an undetectable duplicate (see knownRestampDuplicate): ordered by their copies. */
    private final java.util.Set<Long> knownDuplicates = new java.util.HashSet<>();
    /** Where acknowledged records without an offset (DUPLICATE_SEQUENCE_NUMBER) are in the log. */
    private final Map<Long, Long> ackedOffsets = new HashMap<>();

    private static String describe(List<long[]> where) {
        StringBuilder sb = new StringBuilder("[");
        for (long[] w : where) {
            sb.append(' ').append(TOPICS[(int) w[0]]).append('-').append(w[1]).append('@').append(w[2])
                    .append(" pid ").append(w[3]);
        }
        return sb.append(" ]").toString();
    }

    private void violation(String what) {
        if (violations.size() < 20) {
            violations.add("at " + loop.nowMs() + " ms: " + what);
        }
    }

    /** What a replay must reproduce exactly: events, virtual time, every log and every outcome. */
    String fingerprint() {
        StringBuilder sb = new StringBuilder().append(loop.executed()).append('/').append(loop.nowNs());
        for (SimCluster.Topic t : cluster.topics.values()) {
            for (SimLog log : t.logs) {
                sb.append('|').append(log.ids().hashCode());
            }
        }
        for (SimRecords.SimRecord rec : records.all) {
            sb.append(rec.metadata != null ? rec.metadata.offset() : rec.error != null ? -2 : -3);
        }
        return sb.append(violations).toString();
    }

    String describeRun() {
        return "seed " + seed + ": faults " + faults + ", config " + props;
    }
}
