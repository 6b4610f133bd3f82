package dev.vltava.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child processes a benchmark tool starts for its runs (SideBySide's PerfTool JVMs), destroyed with their
 * descendants when the tool's JVM stops (SIGTERM, Ctrl-C, normal exit): before, stopping SideBySide left the PerfTool
 * run in progress going on for minutes, loading the machine the next run measures on, and a {@code --java25}
 * wrapper script that does not {@code exec} left its JVM behind even when the script was destroyed. (Brokers and
 * sinks have their own hooks and the {@link ChildMain} watchdog; a SIGKILL of the tool runs no hook at all.)
 *
 * <p>Once the hook has run, {@link #start} refuses to start more: the tool's main thread keeps running during the
 * shutdown and would otherwise start the next run after the hook.
 */
final class ChildProcesses {
    /** How long the children get to end after SIGTERM before they are killed. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static boolean hooked;
    private static boolean stopping;

    private ChildProcesses() {
    }

    /** Starts the process and tracks it until it exits; it is destroyed (with its descendants) if the JVM stops. */
    static synchronized Process start(ProcessBuilder builder) throws IOException {
        if (stopping) {
            throw new IllegalStateException("the JVM is shutting down: not starting " + builder.command().get(0));
        }
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "vltava-bench-children-stop"));
            hooked = true;
        }
        Process p = builder.start();
        RUNNING.add(p);
        p.onExit().thenRun(() -> RUNNING.remove(p));
        return p;
    }

    /** What the shutdown hook does: no more starts, then every tracked process that still runs is destroyed. */
    static void stopAll() {
        List<Process> running;
        synchronized (ChildProcesses.class) {
            stopping = true;
            running = new ArrayList<>(RUNNING);
        }
        List<ProcessHandle> trees = new ArrayList<>();
        for (Process p : running) {
            trees.addAll(tree(p.toHandle()));
        }
        destroy(trees, GRACE);
    }

    /** Destroys the process and its descendants: SIGTERM, then SIGKILL to whatever still runs after {@code grace}. */
    static void destroyTree(ProcessHandle root, Duration grace) {
        destroy(tree(root), grace);
    }

    /** The process and its descendants, listed before any of them ends (an orphan is nobody's descendant). */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private static void destroy(List<ProcessHandle> processes, Duration grace) {
        for (ProcessHandle h : processes) {
            h.destroy();
        }
        long deadlineNs = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : processes) {
            long leftNs = deadlineNs - System.nanoTime();
            try {
                if (leftNs > 0) {
                    h.onExit().get(leftNs, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : processes) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
