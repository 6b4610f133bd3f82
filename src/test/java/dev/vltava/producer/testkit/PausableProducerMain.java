package dev.vltava.producer.testkit;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point of a child JVM that produces keyed records with the Vltava producer, so that a test can freeze the whole
 * producer process (SIGSTOP, like a long GC pause) while it sends. Started by {@link PausableProducerProcess}.
 *
 * <p>Arguments: bootstrap servers, topic, record count, production time in ms, outcome file. Record {@code i} has
 * key {@code key-(i % 1000)} and value {@code value-i}. Every outcome becomes one tab-separated line of the outcome
 * file, written by the callback: {@code i OK partition offset} or {@code i ERR exceptionClass message}.
 *
 * <p>Standard output carries progress markers the test waits for: {@value #SENT_MARKER}{@code n} after every
 * {@value #PROGRESS_EVERY} sends, {@value #ACKED_MARKER}{@code n} after every {@value #PROGRESS_EVERY}
 * acknowledgements, {@value #METRICS_MARKER} lines, and {@value #DONE_MARKER} at the end. Exit code 0
 * after a clean close; 2 when something threw. The child halts when the test JVM dies.
 */
public final class PausableProducerMain {
    public static final String SENT_MARKER = "SENT ";
    public static final String ACKED_MARKER = "ACKED ";
    public static final String METRICS_MARKER = "METRIC ";
    public static final String DONE_MARKER = "DONE";
    static final int PROGRESS_EVERY = 2000;
    /** Small steps, so that batches keep going out and some request is in flight most of the time. */
    private static final int PACE_EVERY = 50;
    private static final int DISTINCT_KEYS = 1000;

    private PausableProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        watchParent();
        String bootstrap = args[0];
        String topic = args[1];
        int records = Integer.parseInt(args[2]);
        long productionMs = Long.parseLong(args[3]);
        Path outcomeFile = Path.of(args[4]);
        try {
            run(bootstrap, topic, records, productionMs, outcomeFile);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        System.out.flush();
        System.exit(0);
    }

    static Map<String, Object> producerConfigs(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "pausable-producer");
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("max.in.flight.requests.per.connection", 5);
        props.put("linger.ms", 5);
        props.put("request.timeout.ms", 3000);
        props.put("delivery.timeout.ms", 60_000);
        props.put("retry.backoff.ms", 100);
        props.put("metadata.max.age.ms", 5000);
        return props;
    }

    private static void run(String bootstrap, String topic, int records, long productionMs, Path outcomeFile)
            throws IOException, InterruptedException {
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (BufferedWriter out = Files.newBufferedWriter(outcomeFile, StandardCharsets.UTF_8)) {
            Producer<byte[], byte[]> producer = Producer.<byte[], byte[]>builder()
                    .configs(producerConfigs(bootstrap))
                    .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
            long startNs = System.nanoTime();
            for (int i = 0; i < records; i++) {
                int index = i;
                byte[] key = ("key-" + (i % DISTINCT_KEYS)).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("value-" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value),
                        (md, e) -> write(out, index, md, e, e == null ? succeeded : failed));
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    System.out.println(SENT_MARKER + (i + 1));
                    System.out.flush();
                }
                if ((i + 1) % PACE_EVERY == 0) {
                    pace(startNs, i + 1, records, productionMs);
                }
            }
            System.out.println("all " + records + " sent after " + elapsedMs(startNs) + " ms; flushing");
            producer.flush();
            System.out.println("flushed after " + elapsedMs(startNs) + " ms");
            producer.metrics().forEach((name, m) -> {
                if (name.group().equals("producer-metrics")) {
                    System.out.println(METRICS_MARKER + name.name() + " " + m.value());
                }
            });
            producer.close(Duration.ofSeconds(60));
            System.out.println("closed after " + elapsedMs(startNs) + " ms");
        }
        System.out.println(DONE_MARKER + " succeeded=" + succeeded.get() + " failed=" + failed.get());
    }

    private static void write(BufferedWriter out, int index, RecordMetadata md, Exception e, AtomicInteger counter) {
        int n = counter.incrementAndGet();
        if (e == null && n % PROGRESS_EVERY == 0) {
            System.out.println(ACKED_MARKER + n);
        }
        String line = e == null
                ? index + "\tOK\t" + md.partition() + "\t" + md.offset()
                : index + "\tERR\t" + e.getClass().getName() + "\t" + String.valueOf(e.getMessage())
                .replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        synchronized (out) {
            try {
                out.write(line);
                out.newLine();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Spreads the sends evenly over productionMs (after a pause, the sends that fell due go out at once). */
    private static void pace(long startNs, int sent, int records, long productionMs) throws InterruptedException {
        long dueNs = startNs + TimeUnit.MILLISECONDS.toNanos(productionMs * sent / records);
        long waitNs = dueNs - System.nanoTime();
        if (waitNs > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    private static long elapsedMs(long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    /** Halts when the test JVM that started us dies, so no producer outlives a killed build. */
    private static void watchParent() {
        long parentPid = Long.getLong("vltava.test.parent.pid", -1L);
        if (parentPid <= 0) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        }, "vltava-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
