package dev.vltava.producer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeds of the deterministic simulation that found a bug, kept as fixed regression tests (each fails without its
 * fix). A seed replays exactly only with the same enabled fault kinds, so each test names them.
 */
class SimulationRegressionTest {

    private static List<String> run(long seed, SimFaults.Kind... kinds) {
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Simulation sim = new Simulation(seed, kinds.length == 0 ? EnumSet.noneOf(SimFaults.Kind.class)
                    : EnumSet.of(kinds[0], kinds));
            return sim.run();
        } finally {
            System.setErr(err);
        }
    }

    /**
     * max.block.ms=0 with buffer.memory exhausted: send() dropped the record (the accumulator's "no memory now"
     * answer was ignored) and returned a future that never completed. Now it fails at once with a buffer-memory
     * TimeoutException, like a wait that ran out.
     */
    @Test
    void sendWithoutBlockingNeverDropsARecordWhenMemoryIsShort() {
        assertEquals(List.of(), run(2, SimFaults.Kind.SMALL_BUFFER_MEMORY));
    }

    /**
     * close(0) (or a close whose timeout ran out) with produce requests in flight: their batches were failed but their
     * buffers were never given back, because the request "still held them" — even after the transport was closed and
     * nothing could read them any more. The buffer pool was short after close.
     */
    @Test
    void forcedCloseGivesBackTheBuffersOfRequestsInFlight() {
        assertEquals(List.of(), run(16, SimFaults.Kind.CLOSE_TIMEOUTS));
        assertEquals(List.of(), run(20, SimFaults.Kind.CLOSE_TIMEOUTS));
    }

    /**
     * A batch that may already be in the log must not go again under a new producer id, where the broker cannot see
     * the duplicate (see SenderPossiblyWrittenBatchTest). Seed 1036 (every fault kind as of issue 12): the broker
     * appended a batch and answered NOT_ENOUGH_REPLICAS_AFTER_APPEND; a producer-id reset came before the retry, which
     * was stamped with the new id and stored twice. Seed 116: a batch whose first attempt timed out after the write
     * was split (MESSAGE_TOO_LARGE); a part went again under a new producer id and was stored twice.
     */
    @Test
    void aBatchThatMayBeInTheLogNeverGoesAgainUnderANewProducerId() {
        SimFaults.Kind[] all = java.util.Arrays.stream(SimFaults.Kind.values())
                .filter(k -> k != SimFaults.Kind.LEADER_ELECTION_LAG).toArray(SimFaults.Kind[]::new); // kinds then
        assertEquals(List.of(), run(1036, all));
        assertEquals(List.of(), run(116, all));
    }

    /**
     * Without idempotence (acks=1 or all, 5 requests in flight), a partition pipelined to a new leader it had learnt
     * of without any failure there (metadata refreshed for another reason, or moving back to a broker after a stale
     * view): the new leader rejected the first request (seed 995: it had not applied its election yet,
     * LEADER_ELECTION_LAG; seed 236: leadership came back to it while the requests were on their way) and appended the
     * ones pipelined behind it, which landed before the retry. A new leader now gets one request at a time until a
     * first one succeeded there. Found by the send-order check without idempotence (Simulation
     * #checkOrderWithoutIdempotence), the cause of OrderWithoutIdempotenceIT's reordering across real leader moves.
     */
    @Test
    void aNewLeaderIsNotPipelinedToBeforeItAcceptedABatchOfThePartition() {
        SimFaults.Kind[] all = SimFaults.Kind.values();
        assertEquals(List.of(), run(995, all));
        assertEquals(List.of(), run(236, all));
    }
}
