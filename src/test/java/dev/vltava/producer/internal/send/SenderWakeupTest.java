package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 (many sending threads): each thread that opens or fills a batch wakes the sender, and every wake-up took
 * the selector's lock, which the sender takes too after each wake-up (profiled with 10,000 virtual threads: the
 * sender's longest monitor waits were for that lock). Now at most one wake-up per sender turn reaches the transport,
 * and only while the sender polls (session 9: with one sending thread, writing wake-ups to a sender that was busy
 * anyway cost about 5 % of that thread's time); none is lost: one made after a turn looked for work makes the poll
 * that ends the turn return at once, or reaches the transport while it waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderWakeupTest {

    private static SenderHarness harness() {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 1024, 5).warmUp();
        h.step();
        return h;
    }

    @Test
    void wakeUpsWhileTheSenderPollsReachTheTransportOnce() {
        SenderHarness h = harness();
        int before = h.transport.wakeupCount();
        h.transport.onEachPoll(timeoutMs -> {
            for (int i = 0; i < 100; i++) {
                h.sender.wakeup(); // as other threads would, while the sender waits in its poll
            }
        });
        h.sender.runOnce();
        assertEquals(before + 1, h.transport.wakeupCount(), "one wake-up is on its way: the others add nothing");

        h.sender.runOnce(); // the next turn: its poll is woken again
        assertEquals(before + 2, h.transport.wakeupCount(), "a wake-up in the next turn's poll is not skipped");
    }

    @Test
    void aWakeUpAfterTheTurnLookedForWorkMakesItsPollReturnAtOnce() {
        SenderHarness h = harness();
        h.sender.runOnce();
        long idleTimeout = lastPollTimeout(h);
        assertTrue(idleTimeout > 0, "with nothing to do the sender waits in its poll: " + idleTimeout);
        int before = h.transport.wakeupCount();

        h.onNextClockRead = h.sender::wakeup; // inside the turn, after it cleared the flag, before its poll
        h.sender.runOnce();
        assertEquals(0, lastPollTimeout(h), "the poll must not wait: a wake-up came during the turn");
        assertEquals(before, h.transport.wakeupCount(), "the sender was not polling: no wake-up to the transport");

        h.sender.runOnce();
        assertEquals(idleTimeout, lastPollTimeout(h), "the next turn cleared the flag and waits again");
    }

    @Test
    void wakeUpsBetweenTurnsCostNoSystemCall() {
        SenderHarness h = harness();
        int before = h.transport.wakeupCount();
        for (int i = 0; i < 100; i++) {
            h.sender.wakeup();
        }
        assertEquals(before, h.transport.wakeupCount(), "the next turn looks for work anyway");
    }

    private static long lastPollTimeout(SenderHarness h) {
        List<Long> timeouts = h.transport.pollTimeouts();
        return timeouts.get(timeouts.size() - 1);
    }
}
