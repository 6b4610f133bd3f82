package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** connections.max.idle.ms: an idle connection is closed, and the next record opens a new one and lands. */
class SenderIdleConnectionTest {

    @Test
    void idleConnectionsCloseAndTheNextRecordReconnects() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(false, 5, 30_000, 120_000), 1, 1024, 0, 60_000)
                .warmUp();
        int connectsBefore = h.transport.connectCalls().size();
        assertTrue(h.transport.disconnectCalls().isEmpty(), "nothing closed while active");

        h.advanceMs(30_000);
        h.steps(2);
        assertTrue(h.transport.disconnectCalls().isEmpty(), "30 s idle is below connections.max.idle.ms");

        h.advanceMs(31_000);
        h.steps(2);
        assertEquals(1, h.transport.disconnectCalls().size(), "closed after 61 s without traffic");

        List<String> done = new ArrayList<>();
        h.append(0, "after-idle", done);
        for (int i = 0; i < 20 && h.held.isEmpty(); i++) {
            h.advanceMs(100);
            h.steps(1);
        }
        assertTrue(h.transport.connectCalls().size() > connectsBefore, "a new connection was opened");
        assertEquals(1, h.held.size(), "the record was sent on it");
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertEquals(List.of("0:after-idle"), done);
    }
}
