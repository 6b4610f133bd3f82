package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthenticationException;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.AuthenticationFailedException;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.transaction.TransactionHost;
import dev.vltava.producer.internal.transaction.TransactionManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender loop: one thread owns all I/O and all sequence state. Each {@link #runOnce()} moves records that were
 * waiting for metadata into the accumulator, refreshes metadata and the producer id when due, expires batches past
 * delivery.timeout.ms, drains sendable batches per leader into produce requests, and polls the network once. Topics
 * new in the metadata get a one-time check of their broker-side compression.type ({@link TopicCompressionCheck}).
 * Time comes from an injected clock, so tests step the loop with a fake clock and transport.
 */
public final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_POLL_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ProducerMetrics metrics;
    // observe(): what the listener was last told of (sender thread only)
    private ClusterSnapshot lastSeenCluster;
    private long lastSeenProducerId = -1;
    private short lastSeenEpoch = -1;
    private final SenderConfig config;
    private final RecordAccumulator accumulator;
    private final WaitingRecords waiting;
    private final BrokerClient client;
    /** The idempotence rules and the producer id; package-private for the tests' harness. */
    final Idempotence idempotence;
    final InFlightBatches inFlight = new InFlightBatches();
    private final long deliveryTimeoutNs;
    private final LongSupplier clock;
    private final FatalError fatalError = new FatalError();
    private final BatchFailer failer;
    private final Metadata metadata;
    private final AuthenticationFailureGate authFailures;
    private final BatchCompressor compressor;
    private final MetadataUpdater metadataUpdater;
    private final ProducerIdManager producerIdManager;
    private final WaitingRecordMover waitingMover;
    private final ProduceRequestSender produceSender;
    private final TopicCompressionCheck compressionCheck;
    /** With a transactional.id: the transaction state machine, run by this loop; else null. */
    private final TransactionManager transactions;

    /**
     * Set when every known node failed authentication (cleared once a node is ready again): what a blocking
     * metadata wait (partitionsFor) throws instead of waiting for max.block.ms. Written by the sender thread.
     */
    private volatile AuthenticationException unauthenticated;
    private volatile boolean running = true;
    /**
     * A {@link #wakeup()} reached the transport since this turn began: the poll that ends the turn returns at once,
     * so further wake-ups until the next turn need not take the selector's lock (issue 16: thousands of sending
     * threads, each waking the sender for the batch it opened or filled, made the sender wait for that lock).
     */
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    /**
     * The loop is in its poll, or about to enter it: only then must a {@link #wakeup()} reach the transport (a write
     * to the selector's wake-up file descriptor, a system call). While the loop runs, the flag alone is enough: the
     * turn looks at it before it polls (issue 16: the sending thread spent about 5 % of its time writing wake-ups
     * to a sender that was not waiting).
     */
    private volatile boolean polling;
    private volatile boolean forceClose;

    /**
     * Built by the engine only ({@code internal.Engine}, for the producer, the simulation and the sender tests alike):
     * the configured codec and ThreadLocalRandom in production; the simulation seeds the randomness, tests inject
     * failing codecs.
     */
    public Sender(SenderConfig config, Metadata metadata, RecordAccumulator accumulator, WaitingRecords waiting,
            BrokerClient client, Completions completions, AckListener ackListener, ProducerMetrics metrics,
            LongSupplier clock, RecordRouter router, BatchCompressor compressor, RandomGenerator random) {
        this.config = config;
        this.metrics = metrics;
        this.accumulator = accumulator;
        this.waiting = waiting;
        this.client = client;
        this.clock = clock;
        this.deliveryTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        this.compressor = compressor;
        this.metadata = metadata;
        this.authFailures = new AuthenticationFailureGate(client);
        this.idempotence = new Idempotence(config.idempotent());
        // Each part gets the collaborators it uses, nothing of the Sender itself.
        Backoff backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), random);
        this.metadataUpdater = new MetadataUpdater(metadata, client, random);
        this.producerIdManager = new ProducerIdManager(client, metadata, idempotence, inFlight, accumulator, backoff,
                fatalError);
        this.transactions = config.transactionalId() == null ? null : new TransactionManager(
                config.transactionalId(), config.transactionTimeoutMs(), client, metadata, idempotence, accumulator,
                completions, backoff::delayNs);
        this.failer = new BatchFailer(accumulator, completions, ackListener, metrics, idempotence, transactions);
        this.waitingMover = new WaitingRecordMover(waiting, metadata, accumulator.pool(), router, failer,
                config.maxBlockMs(), metadataUpdater::lastError);
        ProduceOutcomes outcomes = new ProduceOutcomes(config, metadata, accumulator, inFlight, idempotence,
                backoff, metrics, completions, ackListener, failer);
        this.produceSender = new ProduceRequestSender(config, metadata, accumulator, client, inFlight, idempotence,
                metrics, outcomes, failer, compressor, router, authFailures, transactions);
        this.compressionCheck = new TopicCompressionCheck(metadata, client, backoff, config.compression());
        accumulator.wakeSenderWith(client::wakeup); // a batch drain skipped while it was being sealed is ready now
        // Virtual threads blocked in send() wait without timers; this loop wakes them at their deadlines.
        accumulator.pool().untimedWaits().wakeSenderWith(this::wakeup);
        if (transactions != null) {
            transactions.attach(new Host());
            accumulator.drainOnlyWhen(transactions);
        }
    }

    @Override
    public void run() {
        LOG.debug("sender started");
        while (running) {
            runSafely();
        }
        // Graceful close: send what is buffered until done or until close(timeout) forces us out. A transactional
        // producer sends only while a transaction is open or committing (its records cannot go out otherwise).
        while (!forceClose && hasPendingWork() && (transactions == null || transactions.mayProduce())) {
            runSafely();
        }
        accumulator.closeForAppends();
        waiting.close();
        List<ProducerBatch> wereInFlight = inFlight.all();
        ProducerClosedException closed = new ProducerClosedException("The producer was closed before these records "
                + "were sent.");
        abortEverything(closed);
        if (transactions != null) {
            transactions.close(new ProducerClosedException("The producer was closed before the transactional call "
                    + "finished."));
        }
        client.close();
        // The transport is closed: no request can read these batches' buffers any more, so they go back to the pool
        // (a request in flight keeps its buffer until it ends; after close it never ends otherwise).
        for (ProducerBatch b : wereInFlight) {
            accumulator.deallocate(b);
        }
        compressor.close(); // its native context (zstd) and scratch buffer
        LOG.debug("sender stopped");
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected error in the sender loop; continuing", e);
        }
    }

    /** One turn of the loop. */
    public void runOnce() {
        // Before looking for work: whatever is added after this wakes the poll below (see wakeup()).
        wakeupRequested.set(false);
        long now = clock.getAsLong();
        metrics.tick(now);
        observe();
        VltavaException fatal = fatalError.get();
        if (fatal != null) {
            abortEverything(fatal);
        }
        waitingMover.moveAll(now);
        failWaitingIfNoNodeAuthenticates(now); // before the metadata updater starts another attempt
        long pollNs = MAX_POLL_NS;
        pollNs = Math.min(pollNs, metadataUpdater.maybeUpdate(now, !waiting.isEmpty()));
        pollNs = Math.min(pollNs, waitingMover.nanosUntilNextDeadline(now));
        expire(now);
        pollNs = Math.min(pollNs, accumulator.wakeOverdueWaiters()); // untimed waits past max.block.ms (UntimedWaits)
        if (transactions != null) {
            // The producer id and epoch come from the transaction manager (InitProducerId with the transactional id).
            pollNs = Math.min(pollNs, transactions.run(now));
            if (transactions.mayProduce()) {
                pollNs = Math.min(pollNs, produceSender.sendReady(now));
            }
        } else if (config.idempotent() && !producerIdManager.ready(now)) {
            pollNs = Math.min(pollNs, producerIdManager.maybeRequest(now));
        } else {
            pollNs = Math.min(pollNs, produceSender.sendReady(now));
        }
        if (running) {
            // advisory, after produce so it only takes a connection slot produce did not need; skipped while closing
            pollNs = Math.min(pollNs, compressionCheck.maybeCheck(now));
        }
        long timeoutMs = pollTimeoutMs(pollNs);
        polling = true;
        try {
            // With wakeup(): it sets wakeupRequested, then reads polling; this sets polling, then reads
            // wakeupRequested (all volatile): at least one sees the other's write, so a wake-up that came after this
            // turn looked for work either makes this poll return at once or reaches the transport.
            client.poll(wakeupRequested.get() ? 0 : timeoutMs);
        } finally {
            polling = false;
        }
    }

    /**
     * The poll's timeout in whole milliseconds, rounded up: the turn after it finds due what was due, after one
     * wake-up. (Rounded down, a wait of 4.3 ms woke after 4 ms to find 0.3 ms left and polled again for a whole
     * millisecond: two wake-ups, and the second up to a millisecond late. Lingering batches count as due half a
     * millisecond early, {@code ReadyIndex.LINGER_ROUNDING_NS}, so this leaves them within half a millisecond of
     * their linger.ms.) {@code pollNs} is at most {@link #MAX_POLL_NS}.
     */
    static long pollTimeoutMs(long pollNs) {
        return pollNs <= 0 ? 0 : (pollNs + 999_999) / 1_000_000;
    }

    boolean hasPendingWork() {
        return accumulator.hasIncomplete() || !waiting.isEmpty() || inFlight.size() > 0;
    }

    /**
     * When every node we know (the bootstrap servers before the first metadata) failed authentication on its last
     * connection, nothing can be sent anywhere until credentials or certificates change: the records waiting for
     * metadata and the queued batches fail with that authentication error now (the official client throws it from
     * the metadata wait), instead of after max.block.ms or delivery.timeout.ms. The producer stays usable: the
     * metadata updater goes on reconnecting with backoff, and later records go through once a node authenticates
     * ({@link AuthenticationFailureGate} says when).
     */
    private void failWaitingIfNoNodeAuthenticates(long now) {
        if (unauthenticated != null && client.leastLoadedReady(metadata.snapshot().nodes().values()) != null) {
            unauthenticated = null;
        }
        if (!authFailures.anyFailure()) {
            return;
        }
        // Asked even when nothing waits: a failure counts as handled once seen, so that a record sent after the
        // next attempt began is not failed for it.
        AuthenticationFailedException auth = authFailures.forAllNodes(metadata.snapshot().nodes().values(), now);
        if (auth == null) {
            return;
        }
        AuthenticationException error = AuthenticationFailures.toPublic(auth);
        unauthenticated = error;
        if (waiting.isEmpty() && !accumulator.hasIncomplete()) {
            return;
        }
        for (WaitingRecords.Waiting w : waiting.drainAll()) {
            waitingMover.fail(w, error);
        }
        for (ProducerBatch b : accumulator.drainAll()) {
            failer.fail(b, error, true);
        }
    }

    private void expired(ProducerBatch b) {
        metrics.events().batchExpired(b.topicPartition().topic(), b.topicPartition().partition(), b.recordCount());
    }

    /**
     * Tells the listener of a new metadata snapshot and of a producer id that replaced another (sender thread: the
     * only writer of both).
     */
    private void observe() {
        ClusterSnapshot cluster = metadata.snapshot();
        if (cluster != lastSeenCluster) {
            boolean first = lastSeenCluster == null;
            lastSeenCluster = cluster;
            if (!first) {
                metrics.events().metadataChanged(cluster.nodes().size(), cluster.topics().size());
            }
        }
        if (idempotence.hasProducerId()) {
            long id = idempotence.producerId();
            short epoch = idempotence.epoch();
            if (lastSeenProducerId >= 0 && (id != lastSeenProducerId || epoch != lastSeenEpoch)) {
                metrics.events().producerIdReset(id, epoch);
            }
            lastSeenProducerId = id;
            lastSeenEpoch = epoch;
        }
    }

    /** Fails queued batches (and in-flight ones) older than delivery.timeout.ms. */
    private void expire(long now) {
        for (ProducerBatch b : accumulator.expired(deliveryTimeoutNs, now)) {
            expired(b);
            failer.fail(b, Failures.deliveryTimeout(b, now, config.deliveryTimeoutMs()), true);
        }
        if (inFlight.anyOlderThan(deliveryTimeoutNs, now)) {
            for (ProducerBatch b : inFlight.all()) {
                if (!b.isDone() && now - b.createdNs() >= deliveryTimeoutNs) {
                    // Fail the records now; the buffer stays with the request until it ends (KAFKA-17862).
                    expired(b);
                    failer.fail(b, Failures.deliveryTimeout(b, now, config.deliveryTimeoutMs()), false);
                }
            }
        }
    }

    /** The authentication failure of every known node, while no node is ready; else null (any thread). */
    public AuthenticationException authenticationFailure() {
        return unauthenticated;
    }

    public VltavaException fatalError() {
        return fatalError.get();
    }

    /** The transaction manager, or null without a transactional.id. */
    public TransactionManager transactions() {
        return transactions;
    }

    /** What the transaction manager may do with this loop's records (sender thread). */
    private final class Host implements TransactionHost {
        @Override
        public boolean allRecordsDone() {
            return !hasPendingWork();
        }

        @Override
        public void failUnsent(Exception error) {
            if (!waiting.isEmpty()) {
                for (WaitingRecords.Waiting w : waiting.drainAll()) {
                    waitingMover.fail(w, error);
                }
            }
            if (accumulator.hasIncomplete()) {
                for (ProducerBatch b : accumulator.drainAll()) {
                    failer.fail(b, error, true);
                }
            }
        }

        @Override
        public void flushing(boolean on) {
            if (on) {
                accumulator.beginFlush();
            } else {
                accumulator.endFlush();
            }
        }

        @Override
        public void fatal(VltavaException error) {
            fatalError.set(error);
        }
    }

    TopicCompressionCheck compressionCheck() {
        return compressionCheck;
    }

    private void abortEverything(Exception error) {
        for (ProducerBatch b : accumulator.drainAll()) {
            failer.fail(b, error, true);
        }
        for (WaitingRecords.Waiting w : waiting.drainAll()) {
            waitingMover.fail(w, error);
        }
        if (forceClose || !running) {
            for (ProducerBatch b : inFlight.all()) {
                inFlight.remove(b);
                failer.fail(b, error, false);
            }
        }
    }

    /** Graceful: stop taking the loop's normal path; keep sending until buffered records are done. */
    public void initiateClose() {
        accumulator.beginClose();
        running = false;
        client.wakeup();
    }

    /** Forced: fail what is left at once. */
    public void forceClose() {
        accumulator.beginClose();
        forceClose = true;
        running = false;
        client.wakeup();
    }

    /**
     * Any thread: makes the sender's poll return (now, or at once when it next polls), so it looks for work again.
     * At most one wake-up per turn goes to the transport, and only when the loop is polling: one that finds another
     * on its way since the turn began costs a volatile read, and one that comes while the loop is busy only sets
     * the flag its poll looks at (the turn clears the flag before it looks for work, so no work added after that is
     * missed).
     */
    public void wakeup() {
        if (!wakeupRequested.get() && wakeupRequested.compareAndSet(false, true) && polling) {
            client.wakeup();
        }
    }
}
