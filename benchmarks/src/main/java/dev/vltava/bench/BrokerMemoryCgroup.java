package dev.vltava.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Puts the embedded broker in a memory cgroup of its own, so that its page cache is recycled within a fixed budget
 * instead of growing into the machine's free memory.
 *
 * <p>Why (session 12): on this project's VM the host takes back guest memory the guest reports free (virtio-balloon
 * free page reporting), and a guest page touched again after that costs a host fault. A broker appending 250 MB/s to
 * its logs grows the page cache into such pages for minutes at a time: its request handlers then spend their time in
 * the kernel copying into fresh pages ({@code copy_folio_from_iter_atomic}), both clients' rates halve and a third of
 * the cores sit idle; the phases end when the kernel reclaims old page cache and new writes reuse those pages. In a
 * cgroup with a memory limit the broker's old log pages are reclaimed as new ones are written, so it keeps reusing
 * the same memory: the same side-by-side case ran at 1.77-1.88 M records/s (official client, 5 runs) where minutes
 * before, without the cgroup, it had ranged 0.46-2.03 M with up to 43 % of the cores idle.
 *
 * <p>Needs a writable memory controller: cgroup v1 ({@code /sys/fs/cgroup/memory}) or v2 (a {@code cgroup2} root whose
 * {@code cgroup.controllers} lists {@code memory}), which in practice means root. Elsewhere the broker runs as before
 * and {@link #describe} says so. {@code -Dvltava.bench.brokerMemoryLimit=off} turns it off; a size ({@code 4g},
 * {@code 3500m}) replaces the default limit (see {@link #limitFor}).
 *
 * <p>The page cache must have room for more than the dirty pages the kernel lets accumulate before it writes them
 * back (10 % of memory by default, about 2.4 GB here): a v1 memory cgroup has no dirty throttling of its own, and a
 * group whose page cache is mostly dirty reclaims by waiting for the disk. Session 12's first limit (heap + 2 GiB)
 * did that at 1,000 partitions (1.84 GB of the group's 2.1 GB page cache dirty, a third of the CPU in iowait, our
 * client's rate a fifth of session 10's).
 */
final class BrokerMemoryCgroup {
    static final String LIMIT_PROPERTY = "vltava.bench.brokerMemoryLimit";
    /** Above the broker's heap: its native memory (threads, metaspace, buffers, mapped index files). */
    static final long NATIVE_BYTES = 1L << 30;
    /** Page cache beyond what may be dirty: clean pages that reclaim can drop without waiting for the disk. */
    static final long CLEAN_PAGE_CACHE_BYTES = 2L << 30;
    private static final String PREFIX = "vltava-bench-broker-";

    private final Path dir;
    private final long limitBytes;

    private BrokerMemoryCgroup(Path dir, long limitBytes) {
        this.dir = dir;
        this.limitBytes = limitBytes;
    }

    /**
     * What the limit for a broker with {@code heapBytes} is, -1 when turned off: by default the heap, its native
     * memory, the dirty pages the kernel allows before background writeback ({@code dirtyBackgroundBytes}) and clean
     * page cache beyond them.
     */
    static long limitFor(long heapBytes, long dirtyBackgroundBytes, String property) {
        if (property == null || property.isBlank()) {
            return heapBytes + NATIVE_BYTES + dirtyBackgroundBytes + CLEAN_PAGE_CACHE_BYTES;
        }
        if (property.equalsIgnoreCase("off")) {
            return -1;
        }
        return parseSize(property);
    }

    /**
     * How many dirty bytes the kernel lets accumulate before it starts writing them back: {@code
     * vm.dirty_background_bytes}, else {@code vm.dirty_background_ratio} percent of {@code MemTotal} (an upper
     * bound: the kernel takes the share of free and reclaimable memory only); 10 % of 24 GiB where unreadable.
     */
    static long dirtyBackgroundBytes(Path procSysVm, Path meminfo) {
        long bytes = parseLongOr(read(procSysVm.resolve("dirty_background_bytes")).trim(), 0);
        if (bytes > 0) {
            return bytes;
        }
        long ratio = parseLongOr(read(procSysVm.resolve("dirty_background_ratio")).trim(), 10);
        long memTotalKb = 24L << 20;
        for (String line : read(meminfo).split("\n")) {
            if (line.startsWith("MemTotal:")) {
                memTotalKb = parseLongOr(line.replaceAll("[^0-9]", ""), memTotalKb);
            }
        }
        return memTotalKb * 1024 / 100 * ratio;
    }

    private static long parseLongOr(String text, long fallback) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code 512m}, {@code 4g}, {@code 1024k} or plain bytes, as the JVM's -Xmx reads them. */
    static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0) {
                throw new NumberFormatException("not positive");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4g, 3500m)", e);
        }
    }

    /**
     * Moves process {@code pid} into a new memory cgroup limited to {@code limitBytes} under {@code cgroupRoot}
     * (normally {@code /sys/fs/cgroup}); null when no writable memory controller is there. Never throws for a machine
     * that cannot do it: the broker then runs unconfined.
     */
    static BrokerMemoryCgroup confine(Path cgroupRoot, long pid, long limitBytes) {
        if (limitBytes <= 0) {
            return null;
        }
        Path v1 = cgroupRoot.resolve("memory");
        if (Files.isRegularFile(v1.resolve("memory.limit_in_bytes")) && Files.isWritable(v1)) {
            return confineIn(v1, "memory.limit_in_bytes", pid, limitBytes);
        }
        for (Path v2 : new Path[] {cgroupRoot, cgroupRoot.resolve("unified")}) {
            if (controllers(v2).contains("memory") && Files.isWritable(v2)) {
                // A child gets the memory controller only if its parent hands it down.
                if (!read(v2.resolve("cgroup.subtree_control")).contains("memory")
                        && !write(v2.resolve("cgroup.subtree_control"), "+memory")) {
                    continue;
                }
                return confineIn(v2, "memory.max", pid, limitBytes);
            }
        }
        return null;
    }

    private static BrokerMemoryCgroup confineIn(Path parent, String limitFile, long pid, long limitBytes) {
        removeStale(parent);
        Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid() + "-" + pid);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return null;
        }
        BrokerMemoryCgroup cg = new BrokerMemoryCgroup(dir, limitBytes);
        if (!write(dir.resolve(limitFile), Long.toString(limitBytes))
                || !write(dir.resolve("cgroup.procs"), Long.toString(pid))) {
            cg.remove();
            return null;
        }
        return cg;
    }

    /** Groups an earlier run left behind (killed before it could remove them); a group still in use stays. */
    private static void removeStale(Path parent) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path p : ds) {
                try {
                    Files.deleteIfExists(p); // a cgroup directory goes with rmdir, and only when no process is in it
                } catch (IOException inUseOrNotEmpty) {
                    // another run's broker, or a plain directory: leave it
                }
            }
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /** Removes the group (call after the broker has exited). */
    void remove() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a process still in it: the next run's removeStale retries
        }
    }

    Path dir() {
        return dir;
    }

    /** One sentence for reports: where the broker's memory was limited, or why it was not. */
    static String describe(BrokerMemoryCgroup cg, long limitBytes) {
        if (limitBytes <= 0) {
            return "The broker's memory was not limited (-D" + LIMIT_PROPERTY + "=off).";
        }
        if (cg == null) {
            return "The broker's memory was not limited (no writable memory cgroup here): on a VM whose host takes back "
                    + "free guest memory, its growing page cache can slow both clients for minutes at a time (see the "
                    + "idle share).";
        }
        return String.format(Locale.ROOT, "The broker ran in a memory cgroup limited to %.1f GiB (heap, native memory, "
                + "and page cache for its logs beyond what may be dirty), so its page cache is recycled rather than "
                + "grown into free memory.", cg.limitBytes / (double) (1L << 30));
    }

    private static String controllers(Path root) {
        return read(root.resolve("cgroup.controllers"));
    }

    /** To the end of the stream: {@code Files.readString} returns only the first byte of a /proc/sys file (size 0). */
    private static String read(Path file) {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
