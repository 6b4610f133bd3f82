package dev.vltava.producer.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies everything written to System.err (where slf4j-simple logs; it looks System.err up on every write)
 * into a buffer, while still passing it through.
 */
public final class StderrTap extends OutputStream implements AutoCloseable {
    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StderrTap(PrintStream original) {
        this.original = original;
    }

    public static StderrTap install() {
        StderrTap tap = new StderrTap(System.err);
        System.setErr(new PrintStream(tap, true, StandardCharsets.UTF_8));
        return tap;
    }

    @Override
    public synchronized void write(int b) {
        captured.write(b);
        original.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        captured.write(b, off, len);
        original.write(b, off, len);
    }

    @Override
    public void flush() {
        original.flush();
    }

    /** Lines seen so far containing every one of {@code parts}. */
    public synchronized List<String> linesWith(String... parts) {
        List<String> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            boolean all = true;
            for (String part : parts) {
                all &= line.contains(part);
            }
            if (all) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Waits (a hang guard, not a timing assertion) until such a line appears. */
    public void awaitLine(Duration timeout, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (linesWith(parts).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + List.of(parts) + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
