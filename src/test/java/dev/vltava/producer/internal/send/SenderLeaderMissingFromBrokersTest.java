package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Metadata can name a partition leader that its broker list lacks (caught while a broker joins or moves). No request
 * can reach such a leader, so its batches must make the sender refresh metadata, as an unknown leader does; before,
 * they waited for the periodic refresh (metadata.max.age.ms, 5 minutes by default) and usually expired.
 */
class SenderLeaderMissingFromBrokersTest {
    private static final int ABSENT_BROKER = 9;

    @Test
    void aLeaderMissingFromTheBrokerListTriggersAMetadataRefreshAndTheBatchIsSentOnceItIsKnown() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(false, 5, 30_000, 120_000), 1, 1024, 0);
        h.leaderInMetadata = ABSENT_BROKER;
        h.warmUp();
        h.leaderInMetadata = SenderHarness.NODE; // what the next Metadata response says
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, "v", done);
        // metadata.max.age.ms is 300 s in the harness: only a refresh the batch asks for can bring the leader in time
        for (int i = 0; i < 100 && h.held.isEmpty(); i++) {
            h.steps(2);
            h.advanceMs(10);
        }
        assertEquals(1, h.held.size(), "sent to the leader the refreshed metadata names");
        assertFalse(f.isDone());
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertTrue(f.isDone());
        assertEquals(0L, SenderHarness.offsetOf(f));
        assertEquals(List.of("0:v"), done);
    }
}
