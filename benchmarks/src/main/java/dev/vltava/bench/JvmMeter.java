package dev.vltava.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this JVM spent during the measured interval: process CPU time (all threads, including GC and JIT), CPU of
 * the Java threads alone, bytes allocated by all threads, GC count and time, and the heap's peak (the sum of each
 * heap pool's peak since the start: an upper bound, as pools peak at different moments). The Java threads' CPU is
 * also split by role ({@link #role}): the producer's network thread, its callback threads, and the others (the
 * sending threads and the harness), so a difference between two runs can be traced to a thread; the JVM's own
 * threads' CPU (JIT, GC, VM) comes from {@link JvmInternalCpu}.
 */
final class JvmMeter {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long processCpuNs;
    private long[] machineCpuStart;
    private long endedThreadsCpuNs;
    private long endedThreadsAllocatedBytes;
    private Map<Long, long[]> threadStart = Map.of();
    private Map<Long, String> threadNames = new HashMap<>();
    private long gcCount;
    private long gcTimeMs;
    private final JvmInternalCpu internal = new JvmInternalCpu();

    /** Snapshot at the start of the measured interval; also resets the heap pools' peaks. */
    void start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        threadStart = perThread();
        endedThreadsCpuNs = 0;
        endedThreadsAllocatedBytes = 0;
        gcCount = totalGcCount();
        gcTimeMs = totalGcTimeMs();
        internal.start();
        machineCpuStart = MachineCpu.read();
        processCpuNs = os.getProcessCpuTime();
    }

    /**
     * Counts what a thread that started and ended within the interval used, measured by itself at its end
     * ({@link #ownUsage}): otherwise missing from the thread sums (the sending threads of {@code --threads}), in the
     * role "other". Any thread.
     */
    synchronized void addEndedThread(long cpuNs, long allocatedBytes) {
        endedThreadsCpuNs += Math.max(0, cpuNs);
        endedThreadsAllocatedBytes += Math.max(0, allocatedBytes);
    }

    /**
     * The calling platform thread's CPU time and allocated bytes so far (-1 where the JVM does not tell). Not for a
     * virtual thread: its CPU and allocation show on its carrier threads, which the thread sums count.
     */
    long[] ownUsage() {
        return new long[] {threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes()};
    }

    /**
     * The interval's numbers. Threads that ended during it are missing from the thread sums unless they reported
     * themselves ({@link #addEndedThread}).
     */
    synchronized Usage stop() {
        long cpu = os.getProcessCpuTime() - processCpuNs;
        double machineIdleShare = MachineCpu.idleShare(machineCpuStart, MachineCpu.read());
        Map<String, Double> internalCpu = internal.stop();
        Map<Long, long[]> end = perThread();
        long threadCpu = 0;
        long allocated = 0;
        Map<String, Double> cpuByRole = new TreeMap<>();
        for (String r : ROLES) {
            cpuByRole.put(r, 0.0);
        }
        for (Map.Entry<Long, long[]> e : end.entrySet()) {
            long[] before = threadStart.getOrDefault(e.getKey(), new long[2]);
            long cpuNs = Math.max(0, e.getValue()[0] - before[0]);
            threadCpu += cpuNs;
            allocated += Math.max(0, e.getValue()[1] - before[1]);
            cpuByRole.merge(role(threadNames.getOrDefault(e.getKey(), "")), cpuNs / 1e9, Double::sum);
        }
        threadCpu += endedThreadsCpuNs;
        allocated += endedThreadsAllocatedBytes;
        cpuByRole.merge("other", endedThreadsCpuNs / 1e9, Double::sum);
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        return new Usage(cpu / 1e9, threadCpu / 1e9, allocated, peakHeap, totalGcCount() - gcCount,
                totalGcTimeMs() - gcTimeMs, cpuByRole, internalCpu, machineIdleShare);
    }

    /** The roles of {@link #role}, in the order of the JSON fields. */
    static final List<String> ROLES = List.of("network", "callbacks", "other");

    /**
     * A thread's role by its name: "network" for either client's network thread ({@code ...-network-thread | ...}),
     * "callbacks" for Vltava's callback threads (the official client runs callbacks on its network thread), "other"
     * for the rest (the sending threads, the harness).
     */
    static String role(String threadName) {
        if (threadName.contains("network-thread")) {
            return "network";
        }
        return threadName.contains("callbacks") ? "callbacks" : "other";
    }

    private Map<Long, long[]> perThread() {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] alloc = threads.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<Long, long[]> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0 && alloc[i] >= 0) {
                out.put(ids[i], new long[] {cpu[i], alloc[i]});
            }
            if (infos[i] != null) {
                threadNames.put(ids[i], infos[i].getThreadName());
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

    /**
     * @param cpuByRole CPU seconds of the Java threads by {@link #role} (every role present)
     * @param internalCpu CPU seconds of the JVM's own threads by {@link JvmInternalCpu#kind} (every kind present;
     *        NaN where unknown)
     * @param machineIdleShare the idle share of all the machine's cores over the interval ({@link MachineCpu}; NaN
     *        where unknown)
     */
    record Usage(double processCpuSeconds, double javaThreadsCpuSeconds, long allocatedBytes, long peakHeapBytes,
                 long gcCount, long gcTimeMs, Map<String, Double> cpuByRole, Map<String, Double> internalCpu,
                 double machineIdleShare) {
    }
}
