package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * metadata.max.idle.ms forgets topics nobody sends to. send() no longer tells metadata its topic is in use on every
 * record (that needed a clock read per record, issue 16); the sender does, for the topics of each request it sends.
 * A topic sent to all along must stay, however long ago its route was made.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderTopicInUseTest {

    @Test
    void aTopicTheSenderKeepsSendingToIsNeverIdle() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 1024, 5).warmUp();
        List<String> completions = new ArrayList<>();
        int minutes = 12; // metadata.max.idle.ms is 5 minutes by default
        for (int i = 0; i < minutes; i++) {
            h.advanceMs(60_000);
            h.append(0, "v" + i, completions);
            h.advanceMs(10); // linger.ms
            h.steps(3);
        }
        assertEquals(minutes, completions.size(), completions.toString());
        assertTrue(h.metadata.topicsForRequest(h.nowNs).contains(SenderHarness.TOPIC),
                "sent to every minute for " + minutes + " minutes: still in use");
    }
}
