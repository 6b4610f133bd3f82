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

    /** Spins until this thread has used 20 ms of CPU (an observable condition, not a sleep). */
    private static void burnCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < 20_000_000L) {
            x += System.nanoTime() & 1;
        }
        if (x == -1) {
            System.out.println(x); // keeps the loop from being optimised away
        }
    }
}
