package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The JVM's own threads' CPU (JIT, GC, VM), which the ThreadMXBean does not list, read from /proc. */
class JvmInternalCpuTest {

    @Test
    void kindsFollowHotSpotsThreadNames() {
        assertEquals("jit", JvmInternalCpu.kind("C2 CompilerThre"));
        assertEquals("jit", JvmInternalCpu.kind("C1 CompilerThre"));
        assertEquals("gc", JvmInternalCpu.kind("GC Thread#0"));
        assertEquals("gc", JvmInternalCpu.kind("G1 Conc#0"));
        assertEquals("gc", JvmInternalCpu.kind("G1 Refine#0"));
        assertEquals("vm", JvmInternalCpu.kind("VM Thread"));
        assertNull(JvmInternalCpu.kind("main"));
        assertNull(JvmInternalCpu.kind("vltava-producer-network-thread | p"));
    }

    /** Garbage that survives young collections makes the collector's threads work: their CPU shows as "gc". */
    @Test
    void collectionsShowAsGcCpu() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
        JvmInternalCpu cpu = new JvmInternalCpu();
        cpu.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        Map<String, Double> usage;
        do {
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                kept.add(new byte[1024]);
            }
            System.gc();
            usage = cpu.stop();
            assertTrue(kept.size() > 0);
        } while (usage.get("gc") < 0.02 && System.nanoTime() < deadline);
        assertEquals(JvmInternalCpu.KINDS.size(), usage.size(), usage.toString());
        assertTrue(usage.get("gc") >= 0.02, usage.toString());
    }
}
