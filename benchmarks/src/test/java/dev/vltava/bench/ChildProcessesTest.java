package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping a tool stops what it started: {@link ChildProcesses} destroys a child and the child's own children, and its
 * shutdown hook does so when the tool's JVM gets SIGTERM (what stopping SideBySide does).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChildProcessesTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        for (ProcessHandle h : started) {
            h.destroyForcibly();
        }
    }

    @Test
    void destroysAProcessAndItsDescendants() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
        started.add(shell.toHandle());
        ProcessHandle sleep = awaitChild(shell.toHandle());
        started.add(sleep);

        ChildProcesses.destroyTree(shell.toHandle(), Duration.ofSeconds(5));

        assertGone(shell.toHandle());
        assertGone(sleep);
    }

    /**
     * A JVM that started a child through ChildProcesses (the child itself a shell with a {@code sleep} under it, as a
     * wrapper script with its JVM) is stopped with SIGTERM: the whole tree goes with it. A child started with a plain
     * ProcessBuilder outlived its parent.
     */
    @Test
    void sigtermOfTheToolStopsItsChildrenAndTheirs() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process tool = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ToolThatStartsAChild.class.getName()).redirectErrorStream(true).start();
        started.add(tool.toHandle());
        BufferedReader out = new BufferedReader(new InputStreamReader(tool.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertNotNull(line, "the tool printed nothing");
        assertTrue(line.startsWith("child "), line);
        ProcessHandle child = ProcessHandle.of(Long.parseLong(line.substring(6).trim())).orElseThrow();
        started.add(child);
        ProcessHandle grandchild = awaitChild(child);
        started.add(grandchild);

        tool.destroy(); // SIGTERM
        assertTrue(tool.waitFor(60, TimeUnit.SECONDS), "the tool ended");

        assertGone(child);
        assertGone(grandchild);
    }

    /** A tool's JVM: starts {@code sh -c "sleep 300 & wait"} through ChildProcesses, says its pid, waits for ever. */
    public static final class ToolThatStartsAChild {
        public static void main(String[] args) throws Exception {
            Process p = ChildProcesses.start(new ProcessBuilder("sh", "-c", "sleep 300 & wait"));
            System.out.println("child " + p.pid());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = parent.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no child of " + parent.pid() + " appeared");
    }

    private static void assertGone(ProcessHandle h) throws Exception {
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // asserted below
        }
        assertFalse(h.isAlive(), "process " + h.pid() + " " + h.info().commandLine().orElse("") + " still runs");
    }
}
