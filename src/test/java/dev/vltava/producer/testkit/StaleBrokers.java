package dev.vltava.producer.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Remembers the pids of the brokers we started (one file each) so that a later test run can end brokers that an
 * earlier, killed run left behind. Only processes whose command line carries our marker are ever touched.
 */
final class StaleBrokers {
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "vltava-test-brokers");

    private StaleBrokers() {
    }

    static void record(long pid) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(Long.toString(pid)), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException ignored) {
            // best effort: the parent watchdog in BrokerMain is the main guard
        }
    }

    static void forget(long pid) {
        try {
            Files.deleteIfExists(DIR.resolve(Long.toString(pid)));
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Kills brokers left by test JVMs that are no longer alive. */
    static void reap() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (Stream<Path> files = Files.list(DIR)) {
            files.forEach(StaleBrokers::reapOne);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void reapOne(Path file) {
        try {
            long pid = Long.parseLong(file.getFileName().toString());
            long owner = Long.parseLong(Files.readString(file).trim());
            boolean ownerAlive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (ownerAlive) {
                return; // a live test JVM (maybe this one) still owns it
            }
            ProcessHandle.of(pid).filter(h -> h.info().commandLine().map(c -> c.contains(BrokerNode.marker())).orElse(false))
                    .ifPresent(h -> {
                        System.err.println("[testkit] killing stale broker pid " + pid);
                        h.destroyForcibly();
                    });
            Files.deleteIfExists(file);
        } catch (IOException | NumberFormatException ignored) {
            // unreadable leftovers are removed on the next run
        }
    }
}
