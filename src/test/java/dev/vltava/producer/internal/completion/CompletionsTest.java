package dev.vltava.producer.internal.completion;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompletionsTest {

    // ------------------------------------------------------------------ finding 5: nothing submitted is dropped

    @Test
    void aCompletionSubmittedAfterTheThreadEndedStillRuns() throws Exception {
        Completions completions = new Completions("late");
        completions.close(10_000); // the thread has ended: the producer is closed
        AtomicInteger ran = new AtomicInteger();

        completions.submit(ran::incrementAndGet, 100); // say, the sender failing the last batches after close

        assertEquals(1, ran.get(), "ran on the submitting thread instead of never");
        assertEquals(0, completions.backlogBytes());
    }

    @Test
    void completionsRacingWithCloseRunExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Completions completions = new Completions("race-" + round);
            int tasks = 200;
            AtomicInteger[] runs = new AtomicInteger[tasks];
            Thread submitter = new Thread(() -> {
                for (int i = 0; i < tasks; i++) {
                    AtomicInteger r = new AtomicInteger();
                    runs[i] = r;
                    completions.submit(r::incrementAndGet, 10);
                }
            });
            submitter.start();
            completions.close(10_000);
            submitter.join();
            for (int i = 0; i < tasks; i++) {
                assertEquals(1, runs[i].get(), "round " + round + ", task " + i);
            }
        }
    }

    @Test
    void closeCalledFromACallbackDoesNotWaitForItselfAndLaterCompletionsStillRun() throws Exception {
        Completions completions = new Completions("close-in-callback");
        CountDownLatch closedInside = new CountDownLatch(1);
        completions.submit(() -> {
            completions.close(30_000); // must return at once: the thread cannot wait for itself
            closedInside.countDown();
        });
        assertTrue(closedInside.await(20, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        completions.submit(ran::incrementAndGet);
        // whether the thread took it before ending or this thread ran it itself, it runs
        awaitValue(ran, 1);
    }

    // ------------------------------------------------------------------ finding 8: get()/join() inside a callback

    @Test
    void waitingForAnIncompleteRecordInsideACallbackThrowsInsteadOfDeadlocking() throws Exception {
        try (Completions completions = new Completions("get-in-callback")) {
            RecordFuture notYet = new RecordFuture("t", null, -1, 1, 0L);
            RecordFuture done = new RecordFuture("t", null, -1, 1, 0L);
            done.complete(new RecordMetadata("t", 0, 7L, 0L, -1, 1));
            AtomicReference<Throwable> fromGet = new AtomicReference<>();
            AtomicReference<Throwable> fromJoin = new AtomicReference<>();
            AtomicReference<Throwable> fromTimedGet = new AtomicReference<>();
            AtomicReference<Long> completedOffset = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            completions.submit(() -> {
                fromGet.set(caught(notYet::get));
                fromJoin.set(caught(notYet::join));
                fromTimedGet.set(caught(() -> notYet.get(1, TimeUnit.HOURS)));
                completedOffset.set(done.join().offset()); // a completed record may be read in a callback
                ran.countDown();
            });
            assertTrue(ran.await(20, TimeUnit.SECONDS), "the callback returned instead of deadlocking");
            for (Throwable t : new Throwable[] {fromGet.get(), fromJoin.get(), fromTimedGet.get()}) {
                IllegalStateException e = assertInstanceOf(IllegalStateException.class, t);
                assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
            }
            assertEquals(7L, completedOffset.get());
            assertFalse(notYet.isDone());
        }
    }

    @Test
    void waitingOutsideTheCompletionThreadIsUnaffected() throws Exception {
        RecordFuture f = new RecordFuture("t", null, -1, 1, 0L);
        CompletableFuture.runAsync(() -> f.complete(new RecordMetadata("t", 0, 3L, 0L, -1, 1)));
        assertEquals(3L, f.get(20, TimeUnit.SECONDS).offset());
    }

    // ------------------------------------------------------------------ finding 9: the backlog is bounded

    @Test
    void slowCallbacksHoldSendBackOnceTheirBatchesExceedTheBound() throws Exception {
        try (Completions completions = new Completions("backlog", 1_000)) {
            CountDownLatch release = new CountDownLatch(1);
            completions.submit(() -> await(release), 600); // a slow callback
            completions.submit(() -> { }, 600);
            assertEquals(1_200, completions.backlogBytes());

            assertFalse(completions.awaitBacklogBelowLimit(0), "over the bound: send() is held back");

            AtomicReference<Boolean> fromCallback = new AtomicReference<>();
            CountDownLatch callbackRan = new CountDownLatch(1);
            completions.submit(() -> {
                try {
                    fromCallback.set(completions.awaitBacklogBelowLimit(0)); // send() from a callback
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                callbackRan.countDown();
            }, 0);
            release.countDown();
            assertTrue(completions.awaitBacklogBelowLimit(20_000), "released once the callbacks caught up");
            assertTrue(callbackRan.await(20, TimeUnit.SECONDS));
            assertTrue(fromCallback.get(), "the completion thread is never held back by its own backlog");
            awaitBacklog(completions, 0);
        }
    }

    @Test
    void withinTheBoundNothingWaits() throws Exception {
        try (Completions completions = new Completions("backlog-ok", 1_000)) {
            CountDownLatch release = new CountDownLatch(1);
            completions.submit(() -> await(release), 1_000);
            assertTrue(completions.awaitBacklogBelowLimit(0));
            release.countDown();
        }
    }

    private static Throwable caught(ThrowingRunnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitValue(AtomicInteger v, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (v.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(1); // polling an observable condition, bounded by the deadline
        }
        assertEquals(expected, v.get());
    }

    private static void awaitBacklog(Completions c, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (c.backlogBytes() != expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(expected, c.backlogBytes());
    }
}
