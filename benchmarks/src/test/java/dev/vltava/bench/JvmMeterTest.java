package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/** The Java threads' CPU split by role, to trace a CPU difference between two runs to a thread. */
class JvmMeterTest {

    @Test
    void rolesFollowTheProducersThreadNames() {
        assertEquals("network", JvmMeter.role("kafka-producer-network-thread | producer-1"));
        assertEquals("network", JvmMeter.role("vltava-producer-network-thread | vltava-producer-1"));
        assertEquals("callbacks", JvmMeter.role("vltava-callbacks-vltava-producer-1"));
        assertEquals("other", JvmMeter.role("main"));
    }

    /** A thread's CPU counts only while it lives (ended threads drop out of the sums): this one waits for stop(). */
    @Test
    void aNetworkThreadsCpuIsCountedAsNetwork() throws InterruptedException {
        Object lock = new Object();
        boolean[] state = new boolean[2]; // [0]: burnt its CPU, [1]: may end
        Thread network = new Thread(() -> {
            burnCpu();
            synchronized (lock) {
                state[0] = true;
                lock.notifyAll();
                while (!state[1]) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "test-network-thread | t");
        JvmMeter meter = new JvmMeter();
        meter.start();
        network.start();
        synchronized (lock) {
            while (!state[0]) {
                lock.wait();
            }
        }
        JvmMeter.Usage usage = meter.stop();
        synchronized (lock) {
            state[1] = true;
            lock.notifyAll();
        }
        network.join();

        assertTrue(usage.cpuByRole().get("network") >= 0.02, usage.toString());
        assertEquals(JvmMeter.ROLES.size(), usage.cpuByRole().size(), usage.toString());
    }

    /**
     * A thread that ends before stop() (a sending thread of --threads) is missing from the sums unless it reports
     * what it used at its end: the 8-thread case showed no sending-thread CPU and a fifth of the allocation per record.
     */
    @Test
    void aThreadThatEndedWithinTheIntervalCountsWhatItReported() throws InterruptedException {
        JvmMeter meter = new JvmMeter();
        meter.start();
        long[] reported = new long[2];
        Object[] kept = new Object[1]; // (the allocation escapes: nothing may optimise it away)
        Thread sender = new Thread(() -> {
            long[] before = meter.ownUsage();
            burnCpuSince(before[0]); // 20 ms after 'before': the thread's own start-up CPU is not counted in
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[16 * 1024];
            }
            kept[0] = garbage;
            long[] after = meter.ownUsage();
            reported[0] = after[0] - before[0];
            reported[1] = after[1] - before[1];
            meter.addEndedThread(reported[0], reported[1]);
        }, "sender-0");
        sender.start();
        sender.join();
        JvmMeter.Usage usage = meter.stop();

        assertTrue(reported[0] >= 20_000_000L && reported[1] >= 64 * 16 * 1024, "measured by the thread itself");
        assertTrue(usage.cpuByRole().get("other") >= 0.02, usage.toString());
        assertTrue(usage.javaThreadsCpuSeconds() >= 0.02, usage.toString());
        assertTrue(usage.allocatedBytes() >= 64 * 16 * 1024, usage.toString());
    }

    /** Spins until this thread has used 20 ms of CPU (an observable condition, not a sleep). */
    private static void burnCpu() {
        burnCpuSince(0);
    }

    /** Spins until this thread has used 20 ms of CPU since its CPU time read {@code startNs}. */
    private static void burnCpuSince(long startNs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - startNs < 20_000_000L) {
            x += System.nanoTime() & 1;
        }
        if (x == -1) {
            System.out.println(x); // keeps the loop from being optimised away
        }
    }
}
