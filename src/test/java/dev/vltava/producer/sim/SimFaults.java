package dev.vltava.producer.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * Which faults a run injects and how often, chosen from the seed among the enabled {@link Kind kinds}: each enabled
 * kind is active in a run with probability 0.6, so that runs differ in their mix as well as in their timing.
 */
final class SimFaults {

    /** The kinds of fault. Those off by default hit a known bug another change is fixing (named in the comment). */
    enum Kind {
        /** The connection breaks while frames wait to be written: their tokens come back unsent. */
        DISCONNECT_BEFORE_WRITE(true),
        /** Part of a frame is written, then the connection breaks: the broker discards the partial frame. */
        PARTIAL_WRITE(true),
        /** The broker got (and applied) the request, then the connection breaks before the response. */
        DISCONNECT_AFTER_WRITE(true),
        /** The response comes later than request.timeout.ms: the client gives up on the connection first. */
        LATE_RESPONSE(true),
        /** The socket stops taking bytes for longer than request.timeout.ms (a stalled broker): writes wait. */
        STALLED_WRITES(true),
        /** Retriable produce errors, some of them after the broker appended (NOT_ENOUGH_REPLICAS_AFTER_APPEND). */
        RETRIABLE_ERRORS(true),
        /** Errors the producer does not retry (per batch), including sequence errors injected out of the blue. */
        FATAL_ERRORS(true),
        /** Partition leadership moves to another broker (leader epoch + 1). */
        LEADER_MOVES(true),
        /** NOT_LEADER_OR_FOLLOWER answers carry the new leader (KIP-951). */
        LEADER_HINTS(true),
        /** A broker goes down (its connections break, connects fail, its partitions move) and comes back later. */
        BROKER_RESTARTS(true),
        /** A partition forgets its producer state (UNKNOWN_PRODUCER_ID unless the producer restarts at sequence 0). */
        PRODUCER_STATE_LOSS(true),
        /** A broker serves Metadata from an old view of the leaders for a while. */
        STALE_METADATA(true),
        /** Callbacks throw RuntimeExceptions. */
        THROWING_CALLBACKS(true),
        /** The completion thread is slow: callbacks take up to hundreds of milliseconds. */
        SLOW_CALLBACKS(true),
        /** Application threads call flush() at random points. */
        FLUSHES(true),
        /** close(timeout) with random timeouts, 0 included, at random points (otherwise close() at the end). */
        CLOSE_TIMEOUTS(true),
        /** buffer.memory of a few batches: sends block (max.block.ms) or fail at once (max.block.ms=0). */
        SMALL_BUFFER_MEMORY(true),
        /** Several application threads send concurrently (interleaved by the scheduler). */
        THREADS(true),
        /** Some records go to a topic that does not exist: they wait for metadata, then fail after max.block.ms. */
        UNKNOWN_TOPIC(true),
        /** Callbacks throw an Error (AssertionError); finding 1 of issue 12: the rest of the batch still completes. */
        CALLBACK_ERRORS(true),
        /**
         * MESSAGE_TOO_LARGE / RECORD_LIST_TOO_LARGE for batches of several records (finding 10 of issue 12: the batch
         * is split). The invariants hold; nothing here checks that the batch was split rather than failed.
         */
        MESSAGE_TOO_LARGE(true),
        /**
         * enable.idempotence=false with acks=1 or all: acknowledged records must be in the log (at least once, at
         * their offset), in send order except where Kafka cannot keep it without idempotence (see
         * Simulation#checkOrderWithoutIdempotence), whatever max.in.flight.requests.per.connection.
         */
        NON_IDEMPOTENT(true),
        /** acks=0 (finding 2 of issue 12: frames not yet written are failed or re-queued when a connection closes). */
        ACKS_ZERO(true),
        /**
         * A new leader applies its election a little after Metadata names it (each KRaft broker applies the change on
         * its own): for a few milliseconds it answers NOT_LEADER_OR_FOLLOWER, without a hint (it does not know yet).
         * Drawn from a random source of its own, so a run where it is off replays as before it existed.
         */
        LEADER_ELECTION_LAG(true);

        final boolean onByDefault;

        Kind(boolean onByDefault) {
            this.onByDefault = onByDefault;
        }
    }

    /** -Dsim.faults=ALL|NONE|KIND,KIND,... (default: those on by default); -Dsim.enable=KIND,... adds to it. */
    static Set<Kind> enabledKinds() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        String base = System.getProperty("sim.faults", "DEFAULT").trim().toUpperCase(Locale.ROOT);
        switch (base) {
            case "DEFAULT" -> {
                for (Kind k : Kind.values()) {
                    if (k.onByDefault) {
                        kinds.add(k);
                    }
                }
            }
            case "ALL" -> kinds.addAll(EnumSet.allOf(Kind.class));
            case "NONE", "" -> { }
            default -> kinds.addAll(parse(base));
        }
        kinds.addAll(parse(System.getProperty("sim.enable", "").trim().toUpperCase(Locale.ROOT)));
        return kinds;
    }

    private static List<Kind> parse(String list) {
        List<Kind> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(Kind.valueOf(s.trim()));
            }
        }
        return out;
    }

    private static final Errors[] RETRIABLE = {Errors.NOT_ENOUGH_REPLICAS, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        Errors.REQUEST_TIMED_OUT, Errors.KAFKA_STORAGE_ERROR, Errors.NOT_LEADER_OR_FOLLOWER,
        Errors.LEADER_NOT_AVAILABLE, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.FENCED_LEADER_EPOCH,
        Errors.UNKNOWN_LEADER_EPOCH, Errors.NETWORK_EXCEPTION, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        Errors.THROTTLING_QUOTA_EXCEEDED, Errors.REPLICA_NOT_AVAILABLE, Errors.UNKNOWN_TOPIC_ID};
    private static final Errors[] FATAL = {Errors.TOPIC_AUTHORIZATION_FAILED, Errors.INVALID_RECORD,
        Errors.INVALID_TIMESTAMP, Errors.POLICY_VIOLATION, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
        Errors.UNKNOWN_PRODUCER_ID, Errors.UNKNOWN_SERVER_ERROR, Errors.CORRUPT_MESSAGE,
        Errors.INVALID_PRODUCER_EPOCH, Errors.PRODUCER_FENCED, Errors.CLUSTER_AUTHORIZATION_FAILED,
        Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, Errors.INVALID_REQUIRED_ACKS, Errors.INVALID_TOPIC_EXCEPTION,
        Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT};
    private static final Errors[] TOO_LARGE = {Errors.MESSAGE_TOO_LARGE, Errors.RECORD_LIST_TOO_LARGE};

    final Set<Kind> active = EnumSet.noneOf(Kind.class);
    double disconnectBeforeWrite;
    double partialWrite;
    double disconnectAfterWrite;
    double lateResponse;
    double stalledWrite;
    double retriableError;
    double fatalError;
    double tooLarge;
    boolean leaderHints;
    /** Duplicates are answered with DUPLICATE_SEQUENCE_NUMBER (as brokers before 2.x did) instead of the offset. */
    boolean duplicateAsError;
    /** InitProducerId fails this often (retriable COORDINATOR_NOT_AVAILABLE / COORDINATOR_LOAD_IN_PROGRESS). */
    double initProducerIdError;
    double leaderMoveMeanMs;
    double restartMeanMs;
    double stateLossMeanMs;
    double staleMeanMs;
    double callbackThrows;
    double callbackError;
    double slowCallback;
    double flushPerOp;
    boolean closeTimeouts;
    boolean smallBufferMemory;
    int threads = 1;
    boolean unknownTopic;
    boolean nonIdempotent;
    boolean acksZero;
    /** Up to how long a new leader takes to apply its election (0: at once). */
    double electionLagMaxMs;
    /** The random source of LEADER_ELECTION_LAG (kept apart so that runs without it replay as before). */
    final SimRandom lagRandom;

    SimFaults(Set<Kind> enabled, SimRandom r, SimRandom lagRandom) {
        this.lagRandom = lagRandom;
        for (Kind k : Kind.values()) {
            if (k != Kind.LEADER_ELECTION_LAG && enabled.contains(k) && r.chance(0.6)) {
                active.add(k);
            }
        }
        disconnectBeforeWrite = on(Kind.DISCONNECT_BEFORE_WRITE) ? r.pick(0.002, 0.01, 0.03) : 0;
        partialWrite = on(Kind.PARTIAL_WRITE) ? r.pick(0.002, 0.01, 0.03) : 0;
        disconnectAfterWrite = on(Kind.DISCONNECT_AFTER_WRITE) ? r.pick(0.002, 0.01, 0.03) : 0;
        lateResponse = on(Kind.LATE_RESPONSE) ? r.pick(0.002, 0.01, 0.03) : 0;
        stalledWrite = on(Kind.STALLED_WRITES) ? r.pick(0.002, 0.01) : 0;
        retriableError = on(Kind.RETRIABLE_ERRORS) ? r.pick(0.01, 0.05, 0.15) : 0;
        fatalError = on(Kind.FATAL_ERRORS) ? r.pick(0.002, 0.01, 0.03) : 0;
        tooLarge = on(Kind.MESSAGE_TOO_LARGE) ? r.pick(0.01, 0.05) : 0;
        leaderHints = on(Kind.LEADER_HINTS);
        duplicateAsError = on(Kind.RETRIABLE_ERRORS) && r.chance(0.3);
        initProducerIdError = on(Kind.RETRIABLE_ERRORS) ? r.pick(0.0, 0.2) : 0;
        leaderMoveMeanMs = on(Kind.LEADER_MOVES) ? r.pick(300.0, 1_000.0, 4_000.0) : 0;
        restartMeanMs = on(Kind.BROKER_RESTARTS) ? r.pick(1_000.0, 5_000.0) : 0;
        stateLossMeanMs = on(Kind.PRODUCER_STATE_LOSS) ? r.pick(500.0, 3_000.0) : 0;
        staleMeanMs = on(Kind.STALE_METADATA) ? r.pick(500.0, 3_000.0) : 0;
        callbackThrows = on(Kind.THROWING_CALLBACKS) ? r.pick(0.01, 0.2) : 0;
        callbackError = on(Kind.CALLBACK_ERRORS) ? r.pick(0.005, 0.05) : 0;
        slowCallback = on(Kind.SLOW_CALLBACKS) ? r.pick(0.01, 0.1) : 0;
        flushPerOp = on(Kind.FLUSHES) ? r.pick(0.005, 0.03) : 0;
        closeTimeouts = on(Kind.CLOSE_TIMEOUTS);
        smallBufferMemory = on(Kind.SMALL_BUFFER_MEMORY);
        threads = on(Kind.THREADS) ? r.between(2, 4) : 1;
        unknownTopic = on(Kind.UNKNOWN_TOPIC);
        nonIdempotent = on(Kind.NON_IDEMPOTENT) || on(Kind.ACKS_ZERO);
        acksZero = on(Kind.ACKS_ZERO) && r.nextBoolean();
        if (enabled.contains(Kind.LEADER_ELECTION_LAG) && lagRandom.chance(0.6)) {
            active.add(Kind.LEADER_ELECTION_LAG);
            electionLagMaxMs = lagRandom.pick(5.0, 50.0);
        }
    }

    boolean on(Kind k) {
        return active.contains(k);
    }

    /** An error to inject into one partition's produce response, or null. */
    Errors produceError(SimRandom r) {
        if (r.chance(retriableError)) {
            return r.pick(RETRIABLE);
        }
        if (r.chance(fatalError)) {
            return r.pick(FATAL);
        }
        if (r.chance(tooLarge)) {
            return r.pick(TOO_LARGE);
        }
        return null;
    }

    /** Errors a real broker can return after it appended the batch to the leader's log. */
    static boolean mayHaveAppended(Errors e) {
        return e == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND || e == Errors.REQUEST_TIMED_OUT;
    }

    @Override
    public String toString() {
        return active.toString() + (threads > 1 ? " threads=" + threads : "");
    }
}
