package dev.vltava.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A one-line progress bar redrawn with carriage returns from a daemon thread, e.g. while records are acked. */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final long startNs = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    ProgressBar(PrintStream out, String label, long total, LongSupplier done) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.done = done;
        this.thread = new Thread(this::loop, "progress-bar");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw() {
        long d = Math.min(done.getAsLong(), total);
        int filled = (int) (WIDTH * d / Math.max(1, total));
        double seconds = (System.nanoTime() - startNs) / 1e9;
        out.print(String.format(Locale.ROOT, "\r%-10s [%s%s] %3d%%  %,d / %,d  %,.0f/s ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * d / Math.max(1, total), d, total, d / Math.max(seconds, 1e-3)));
        out.flush();
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
    }
}
