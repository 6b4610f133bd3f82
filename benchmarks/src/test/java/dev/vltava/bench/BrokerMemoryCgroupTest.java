package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup layouts are imitated in a temp directory: what gets written where, and when nothing is. */
class BrokerMemoryCgroupTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path root;

    @Test
    void limitCoversHeapNativeDirtyAndCleanPageCacheUnlessTurnedOffOrGiven() {
        assertEquals(2 * GIB + GIB + 3 * GIB + 2 * GIB, BrokerMemoryCgroup.limitFor(2 * GIB, 3 * GIB, null));
        assertEquals(-1, BrokerMemoryCgroup.limitFor(2 * GIB, 3 * GIB, "off"));
        assertEquals(4 * GIB, BrokerMemoryCgroup.limitFor(2 * GIB, 3 * GIB, "4g"));
        assertEquals(3500L << 20, BrokerMemoryCgroup.parseSize("3500m"));
        assertEquals(12345, BrokerMemoryCgroup.parseSize("12345"));
        assertThrows(IllegalArgumentException.class, () -> BrokerMemoryCgroup.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> BrokerMemoryCgroup.parseSize("0g"));
    }

    @Test
    void dirtyBackgroundBytesFromTheBytesSettingElseTheRatioOfMemory() throws IOException {
        Path vm = Files.createDirectories(root.resolve("vm"));
        Path meminfo = root.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24683792 kB\nMemFree:         9377060 kB\n");
        Files.writeString(vm.resolve("dirty_background_bytes"), "0\n");
        Files.writeString(vm.resolve("dirty_background_ratio"), "10\n");
        assertEquals(24683792L * 1024 / 100 * 10, BrokerMemoryCgroup.dirtyBackgroundBytes(vm, meminfo));

        Files.writeString(vm.resolve("dirty_background_bytes"), "536870912\n");
        assertEquals(512L << 20, BrokerMemoryCgroup.dirtyBackgroundBytes(vm, meminfo));

        assertEquals((24L << 30) / 100 * 10, BrokerMemoryCgroup.dirtyBackgroundBytes(root.resolve("none"),
                root.resolve("none")), "unreadable: 10 % of 24 GiB");
    }

    @Test
    void readsTheRealProcFilesWhole() throws IOException {
        // /proc/sys files report size 0; Files.readString returned only "1" of "10".
        Path vm = Path.of("/proc/sys/vm");
        Assumptions.assumeTrue(Files.isReadable(vm.resolve("dirty_background_ratio")), "not Linux");
        long bytes = Long.parseLong(Files.readAllLines(vm.resolve("dirty_background_bytes")).get(0).trim());
        long ratio = Long.parseLong(Files.readAllLines(vm.resolve("dirty_background_ratio")).get(0).trim());
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        assertEquals(bytes > 0 ? bytes : memTotalKb * 1024 / 100 * ratio,
                BrokerMemoryCgroup.dirtyBackgroundBytes(vm, Path.of("/proc/meminfo")));
    }

    @Test
    void cgroupV1GetsAGroupWithTheLimitAndTheProcess() throws IOException {
        Path mem = Files.createDirectories(root.resolve("memory"));
        Files.writeString(mem.resolve("memory.limit_in_bytes"), "9223372036854771712");

        BrokerMemoryCgroup cg = BrokerMemoryCgroup.confine(root, 4242, 3 * GIB);

        assertNotNull(cg);
        assertEquals(mem, cg.dir().getParent());
        assertEquals(Long.toString(3 * GIB), Files.readString(cg.dir().resolve("memory.limit_in_bytes")));
        assertEquals("4242", Files.readString(cg.dir().resolve("cgroup.procs")));
        assertTrue(BrokerMemoryCgroup.describe(cg, 3 * GIB).contains("limited to 3.0 GiB"));
    }

    @Test
    void cgroupV2HandsTheMemoryControllerDownFirst() throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");

        BrokerMemoryCgroup cg = BrokerMemoryCgroup.confine(root, 7, 3 * GIB);

        assertNotNull(cg);
        assertEquals("+memory", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals(Long.toString(3 * GIB), Files.readString(cg.dir().resolve("memory.max")));
        assertEquals("7", Files.readString(cg.dir().resolve("cgroup.procs")));
    }

    @Test
    void noMemoryControllerOrTurnedOffMeansNoGroupAndSaysSo() throws IOException {
        // A hybrid machine's v2 tree without the memory controller (it is bound to v1, which is absent here).
        Path unified = Files.createDirectories(root.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), "\n");

        assertNull(BrokerMemoryCgroup.confine(root, 7, 3 * GIB));
        assertNull(BrokerMemoryCgroup.confine(root, 7, -1));
        try (var files = Files.list(unified)) {
            assertEquals(1, files.count(), "nothing created");
        }
        assertTrue(BrokerMemoryCgroup.describe(null, 3 * GIB).contains("not limited (no writable memory cgroup"));
        assertTrue(BrokerMemoryCgroup.describe(null, -1).contains("=off"));
    }

    @Test
    void anEmptyGroupLeftByAKilledRunGoesAGroupInUseStays() throws IOException {
        Path mem = Files.createDirectories(root.resolve("memory"));
        Files.writeString(mem.resolve("memory.limit_in_bytes"), "9223372036854771712");
        Path leftOver = Files.createDirectories(mem.resolve("vltava-bench-broker-1-2"));
        Path inUse = Files.createDirectories(mem.resolve("vltava-bench-broker-3-4"));
        Files.writeString(inUse.resolve("cgroup.procs"), "4"); // stands for a live member: rmdir fails

        BrokerMemoryCgroup.confine(root, 7, 3 * GIB);

        assertFalse(Files.exists(leftOver));
        assertTrue(Files.exists(inUse));
    }
}
