package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 (many sending threads): each thread that opens or fills a batch wakes the sender, and every wake-up took
 * the selector's lock, which the sender takes too after each wake-up (profiled with 10,000 virtual threads: the
 * sender's longest monitor waits were for that lock). Now at most one wake-up per sender turn reaches the transport,
 * and none is lost: one made after a turn began still reaches the poll that ends it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderWakeupTest {

    @Test
    void wakeUpsBetweenTwoTurnsReachTheTransportOnce() {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 1024, 5).warmUp();
        h.step();
        int before = h.transport.wakeupCount();

        for (int i = 0; i < 100; i++) {
            h.sender.wakeup();
        }
        assertEquals(before + 1, h.transport.wakeupCount(), "one wake-up is on its way: the others add nothing");

        h.step(); // the turn the wake-up asked for
        h.sender.wakeup();
        assertEquals(before + 2, h.transport.wakeupCount(), "a wake-up after the next turn began is not skipped");
    }
}
