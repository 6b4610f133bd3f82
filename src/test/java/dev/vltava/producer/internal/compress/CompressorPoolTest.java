package dev.vltava.producer.internal.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressorPoolTest {

    /** A compressor that only records whether it was closed. */
    static final class Tracked implements BatchCompressor {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public CompressionType type() {
            return CompressionType.NONE;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private final List<Tracked> created = new ArrayList<>();

    private synchronized Tracked create() {
        Tracked t = new Tracked();
        created.add(t);
        return t;
    }

    @Test
    void atMostMaxExistAndAGivenBackOneIsReused() {
        CompressorPool pool = new CompressorPool(this::create, 2);
        BatchCompressor a = pool.tryBorrow();
        BatchCompressor b = pool.tryBorrow();
        assertNotNull(a);
        assertNotNull(b);
        assertNull(pool.tryBorrow(), "both in use: the caller leaves its batch to the sender");
        pool.giveBack(a);
        assertSame(a, pool.tryBorrow(), "reused, not a new one");
        assertEquals(2, created.size());
        assertEquals(2, pool.live());
    }

    @Test
    void closeClosesTheIdleOnesAndEachOneGivenBackLater() {
        CompressorPool pool = new CompressorPool(this::create, 3);
        BatchCompressor idle = pool.tryBorrow();
        BatchCompressor busy = pool.tryBorrow();
        pool.giveBack(idle);
        pool.close();
        assertEquals(1, created.get(0).closes.get(), "idle: closed at once");
        assertEquals(0, created.get(1).closes.get(), "still in use: not closed under its user");
        assertNull(pool.tryBorrow(), "none after close");
        pool.giveBack(busy);
        assertEquals(1, created.get(1).closes.get(), "closed when given back");
        assertEquals(0, pool.live());
        pool.close();
        assertTrue(created.stream().allMatch(t -> t.closes.get() == 1), "closed once each");
    }

    @Test
    void aFactoryThatThrowsDoesNotUseUpTheBound() {
        AtomicInteger calls = new AtomicInteger();
        CompressorPool pool = new CompressorPool(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("native library failed");
            }
            return create();
        }, 1);
        assertThrows(IllegalStateException.class, pool::tryBorrow);
        assertNotNull(pool.tryBorrow());
        assertEquals(1, pool.live());
    }

    @Test
    void manyThreadsBorrowingAndClosingConcurrentlyNeverExceedTheBoundAndLeaveNothingOpen() throws Exception {
        int max = 2;
        CompressorPool pool = new CompressorPool(this::create, max);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger maxLive = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    BatchCompressor c = pool.tryBorrow();
                    maxLive.accumulateAndGet(pool.live(), Math::max);
                    if (c != null) {
                        pool.giveBack(c);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (int i = 0; i < 1_000 && workers.get(0).isAlive(); i++) {
            Thread.yield();
        }
        pool.close(); // while the workers may still borrow and give back
        for (Thread w : workers) {
            w.join();
        }
        assertTrue(maxLive.get() <= max, "live compressors peaked at " + maxLive.get());
        assertEquals(0, pool.live());
        synchronized (this) {
            assertTrue(created.size() <= max + threads, "created " + created.size());
            for (Tracked t : created) {
                assertEquals(1, t.closes.get(), "every compressor closed exactly once");
            }
        }
    }
}
