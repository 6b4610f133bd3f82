package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, 10,000 partitions: the sender's loop looks only at partitions with something to send. After every one of
 * 10,000 partitions has sent a batch (so each has a queue, now empty), sending one more record costs the loop the
 * same partition-queue visits as with 10 partitions: counted, not timed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SenderIdlePartitionsWorkTest {
    private static final int BATCH = 200;
    /** Partitions appended to before each send (their 200-byte batches fit the harness's 1 MiB buffer.memory). */
    private static final int CHUNK = 1_000;

    @Test
    void sendingARecordCostsTheSameQueueVisitsWithTenThousandIdlePartitionsAsWithTen() throws InterruptedException {
        long few = queueVisitsToSendOneRecord(10);
        long many = queueVisitsToSendOneRecord(10_000);
        assertTrue(few > 0, "the count sees the busy partition");
        assertEquals(few, many, "queue visits for one record: 10 partitions " + few + ", 10,000 partitions " + many);
    }

    /** Every partition sends a record and is answered; then one more record: the loop's queue visits for it. */
    private static long queueVisitsToSendOneRecord(int partitions) throws InterruptedException {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), partitions, BATCH, 0)
                .warmUp();
        List<String> completions = new ArrayList<>();
        for (int from = 0; from < partitions; from += CHUNK) {
            for (int p = from; p < Math.min(partitions, from + CHUNK); p++) {
                h.append(p, "v" + p, completions);
            }
            sendUntilCompleted(h, completions, Math.min(partitions, from + CHUNK));
        }
        assertEquals(partitions, completions.size());
        long before = h.accumulator.partitionQueueVisits();
        h.append(partitions / 2, "one more", completions);
        sendUntilCompleted(h, completions, partitions + 1);
        return h.accumulator.partitionQueueVisits() - before;
    }

    private static void sendUntilCompleted(SenderHarness h, List<String> completions, int expected) {
        for (int i = 0; completions.size() < expected; i++) {
            if (i > 10_000) {
                throw new AssertionError(completions.size() + " of " + expected + " records completed");
            }
            h.step();
            while (!h.held.isEmpty()) {
                h.answerOldest(Errors.NONE);
            }
        }
    }
}
