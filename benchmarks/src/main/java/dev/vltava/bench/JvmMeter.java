package dev.vltava.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM spent during the measured interval: process CPU time (all threads, including GC and JIT), CPU of
 * the Java threads alone, bytes allocated by all threads, GC count and time, and the heap's peak (the sum of each
 * heap pool's peak since the start: an upper bound, as pools peak at different moments).
 */
final class JvmMeter {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long processCpuNs;
    private Map<Long, long[]> threadStart = Map.of();
    private long gcCount;
    private long gcTimeMs;

    /** Snapshot at the start of the measured interval; also resets the heap pools' peaks. */
    void start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        threadStart = perThread();
        gcCount = totalGcCount();
        gcTimeMs = totalGcTimeMs();
        processCpuNs = os.getProcessCpuTime();
    }

    /** The interval's numbers (threads that ended during it are missing from the thread sums). */
    Usage stop() {
        long cpu = os.getProcessCpuTime() - processCpuNs;
        Map<Long, long[]> end = perThread();
        long threadCpu = 0;
        long allocated = 0;
        for (Map.Entry<Long, long[]> e : end.entrySet()) {
            long[] before = threadStart.getOrDefault(e.getKey(), new long[2]);
            threadCpu += Math.max(0, e.getValue()[0] - before[0]);
            allocated += Math.max(0, e.getValue()[1] - before[1]);
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        return new Usage(cpu / 1e9, threadCpu / 1e9, allocated, peakHeap, totalGcCount() - gcCount,
                totalGcTimeMs() - gcTimeMs);
    }

    private Map<Long, long[]> perThread() {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] alloc = threads.getThreadAllocatedBytes(ids);
        Map<Long, long[]> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0 && alloc[i] >= 0) {
                out.put(ids[i], new long[] {cpu[i], alloc[i]});
            }
        }
        return out;
    }

    private static long totalGcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long totalGcTimeMs() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    record Usage(double processCpuSeconds, double javaThreadsCpuSeconds, long allocatedBytes, long peakHeapBytes,
                 long gcCount, long gcTimeMs) {
    }
}
