package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.BrokerNode;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.PausableProducerMain;
import dev.vltava.producer.testkit.PausableProducerProcess;
import dev.vltava.producer.testkit.PausableProducerProcess.Outcome;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer frozen (SIGSTOP of its whole JVM, as a stop-the-world GC pause looks from outside) while it sends, for
 * longer than its request.timeout.ms (3 s), then thawed. The producer runs in a child JVM
 * ({@link PausableProducerMain}: acks=all, idempotence, 5 in flight, linger.ms 5, delivery.timeout.ms 60 s) and
 * reports every record's outcome to a file. Afterwards the official consumer reads the topic: every acknowledged
 * record must be there exactly once at the offset it was acknowledged with, no record (acknowledged or not) may be
 * there twice, every partition must hold its records in send order, and every record must have an outcome.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class ProducerPauseIT {
    private static final int RECORDS = 60_000;
    private static final int PARTITIONS = 6;
    private static final long PRODUCTION_MS = 4000;
    /**
     * Pause once this many records were handed to send() and this many acknowledged: production is then in full
     * swing (records handed over alone did not show it: with metadata still missing, none had gone out).
     */
    private static final String PAUSE_AFTER = PausableProducerMain.SENT_MARKER + 16000;
    private static final String PAUSE_AFTER_ACKED = PausableProducerMain.ACKED_MARKER + 2000;
    /** With the broker frozen first: records handed to send() after the freeze, before the producer is frozen. */
    private static final int SENT_AFTER_BROKER_FREEZE = 4000;
    private static final String DISCONNECTED = "disconnected from";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(180);

    /** The plain GC pause: the broker answers while the producer sleeps; the answers wait in the socket. */
    @Test
    void producerFrozenPastItsRequestTimeoutLosesAndDuplicatesNothing() throws Exception {
        TestCluster cluster = TestClusters.single();
        String topic = "pause-producer-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 1, Map.of("min.insync.replicas", "1"));
        try (PausableProducerProcess child = PausableProducerProcess.start(cluster.bootstrapServers(), topic, RECORDS,
                PRODUCTION_MS)) {
            awaitFullSwing(child);
            log(topic, "SIGSTOP producer pid " + child.pid());
            child.pause();
            Thread.sleep(8000);
            log(topic, "SIGCONT producer");
            child.resume();
            finishAndVerify(cluster.bootstrapServers(), topic, child);
        }
    }

    /**
     * Requests left unanswered across the pause: the broker is frozen first, so the producer's last requests get no
     * answer; then the producer is frozen too, and thawed while the broker still sleeps, so its clock has jumped
     * past request.timeout.ms: it times those requests out, drops the connection and retries. When the broker wakes
     * it may still append the first copies, whose answers the producer never reads; the retries must then be
     * recognized as duplicates (same producer id and sequence) and acknowledged with the first copies' offsets.
     */
    @Test
    void producerFrozenWithUnansweredRequestsRetriesWithoutDuplicates() throws Exception {
        // A broker of its own: freezing the shared one (its controller too) fences it for a while and disturbed
        // the tests that ran after this one (the official client in CompatParityIT hit sequence errors).
        String topic = "pause-unanswered-" + System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(1, Map.of());
                PausableProducerProcess child = startChild(cluster, topic)) {
            BrokerNode broker = cluster.nodes().get(0);
            awaitFullSwing(child);
            try {
                log(topic, "SIGSTOP broker pid " + broker.pid());
                broker.pause();
                // records handed to send() after the broker froze go out in requests it will not answer
                int sentAtFreeze = sent(child);
                awaitSent(child, sentAtFreeze + SENT_AFTER_BROKER_FREEZE, START_TIMEOUT);
                log(topic, "SIGSTOP producer pid " + child.pid());
                child.pause();
                Thread.sleep(8000); // the freeze itself (longer than request.timeout.ms), not a synchronisation
                int disconnectsBefore = disconnects(child);
                log(topic, "SIGCONT producer (broker still stopped)");
                child.resume();
                // the producer times the unanswered requests out and drops the connection, before the broker wakes
                awaitDisconnects(child, disconnectsBefore + 1, START_TIMEOUT);
            } finally {
                log(topic, "SIGCONT broker");
                broker.resume();
            }
            finishAndVerify(cluster.bootstrapServers(), topic, child);
            // the scenario happened: requests the frozen broker left unanswered were timed out and retried
            assertTrue(metric(child, "record-retry-total") > 0, "no record was retried: no request was left "
                    + "unanswered by the frozen broker, so this test did not test its case");
        }
    }

    private static PausableProducerProcess startChild(KafkaCluster cluster, String topic) throws Exception {
        cluster.createTopic(topic, PARTITIONS, 1, Map.of("min.insync.replicas", "1"));
        return PausableProducerProcess.start(cluster.bootstrapServers(), topic, RECORDS, PRODUCTION_MS);
    }

    /**
     * Frozen past the broker's own idle timeout: a dedicated broker with connections.max.idle.ms of 3 s (the shared
     * brokers keep Kafka's 10 minutes) closes the producer's idle connections while it sleeps; after the thaw the
     * producer finds them closed, reconnects and goes on.
     */
    @Test
    void producerFrozenPastTheBrokersIdleTimeoutReconnectsAndGoesOn() throws Exception {
        assumeTrue(!System.getProperty("vltava.broker", "process").equals("testcontainers"),
                "needs child-process brokers for a broker with its own settings");
        try (KafkaCluster cluster = KafkaCluster.start(1, Map.of("connections.max.idle.ms", "3000"))) {
            String topic = "pause-idle-" + System.nanoTime();
            try {
                cluster.createTopic(topic, PARTITIONS, 1, Map.of("min.insync.replicas", "1"));
                try (PausableProducerProcess child = PausableProducerProcess.start(cluster.bootstrapServers(), topic,
                        RECORDS, PRODUCTION_MS)) {
                    awaitFullSwing(child);
                    log(topic, "SIGSTOP producer pid " + child.pid());
                    child.pause();
                    Thread.sleep(10_000);
                    log(topic, "SIGCONT producer");
                    child.resume();
                    finishAndVerify(cluster.bootstrapServers(), topic, child);
                }
            } catch (AssertionError | Exception e) {
                // this broker is not one of the shared ones that BrokerLogsOnFailure reports
                System.err.println("===== dedicated broker (connections.max.idle.ms=3000) =====\n"
                        + cluster.describeForFailure());
                throw e;
            }
        }
    }

    private static void finishAndVerify(String bootstrap, String topic, PausableProducerProcess child)
            throws Exception {
        try {
            int exit = child.awaitExit(EXIT_TIMEOUT);
            log(topic, "producer exited with " + exit);
            assertEquals(0, exit, "exit code of the producer child");
            verify(bootstrap, topic, child);
        } catch (AssertionError | Exception e) {
            System.err.println(child.tailLog(200));
            throw e;
        }
    }

    private static void verify(String bootstrap, String topic, PausableProducerProcess child) throws Exception {
        Outcome[] outcomes = child.outcomes(RECORDS);
        List<Integer> missing = IntStream.range(0, RECORDS).filter(i -> outcomes[i] == null).boxed()
                .collect(Collectors.toList());
        List<Integer> failed = IntStream.range(0, RECORDS).filter(i -> outcomes[i] != null && !outcomes[i].ok())
                .boxed().collect(Collectors.toList());
        // everything up to the partitions' end offsets (the child has exited: nothing more comes)
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(bootstrap, topic,
                Duration.ofSeconds(90));
        log(topic, summary(child, failed, missing, read.size()));
        assertTrue(missing.isEmpty(), missing.size() + " record(s) never got an outcome, first: "
                + missing.subList(0, Math.min(10, missing.size())));

        Map<Integer, ConsumerRecord<byte[], byte[]>> seen = new HashMap<>();
        Map<Integer, Integer> lastIndexPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).substring("value-".length()));
            ConsumerRecord<byte[], byte[]> before = seen.put(i, r);
            assertTrue(before == null, "record " + i + " (" + describe(outcomes[i]) + ") is in the topic twice: "
                    + "partition " + r.partition() + " offsets " + (before == null ? -1 : before.offset()) + " and "
                    + r.offset());
            Integer last = lastIndexPerPartition.put(r.partition(), i);
            assertTrue(last == null || last < i, "partition " + r.partition() + " has record " + last
                    + " before record " + i + " (offset " + r.offset() + "): reordered");
        }
        for (int i = 0; i < RECORDS; i++) {
            Outcome o = outcomes[i];
            if (!o.ok()) {
                continue;
            }
            ConsumerRecord<byte[], byte[]> r = seen.get(i);
            assertTrue(r != null, "acknowledged record " + i + " (partition " + o.partition() + " offset "
                    + o.offset() + ") is missing from the topic");
            assertEquals(o.partition(), r.partition(), "partition of record " + i);
            assertEquals(o.offset(), r.offset(), "offset of record " + i);
        }
        // A freeze of seconds is well inside delivery.timeout.ms (60 s): the producer is expected to recover fully.
        assertTrue(failed.isEmpty(), () -> failed.size() + " record(s) failed although the pause was far shorter "
                + "than delivery.timeout.ms; first: " + failed.get(0) + " " + describe(outcomes[failed.get(0)]));
    }

    private static String summary(PausableProducerProcess child, List<Integer> failed, List<Integer> missing,
            int inTopic) {
        List<String> lines = child.outputLines();
        String retries = lines.stream().filter(l -> l.startsWith(PausableProducerMain.METRICS_MARKER
                + "record-retry-total ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("?");
        String requests = lines.stream().filter(l -> l.startsWith(PausableProducerMain.METRICS_MARKER
                + "request-total ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("?");
        long disconnects = lines.stream().filter(l -> l.contains(DISCONNECTED)).count();
        long resets = lines.stream().filter(l -> l.contains("resetting producer id")).count();
        return RECORDS + " records: " + (RECORDS - failed.size() - missing.size()) + " acknowledged, "
                + failed.size() + " failed, " + missing.size() + " without outcome; " + inTopic + " in the topic; "
                + "record retries " + retries + ", produce requests " + requests + ", "
                + disconnects + " disconnect(s), " + resets + " producer id reset(s); child log " + child.logFile();
    }

    private static void awaitFullSwing(PausableProducerProcess child) throws InterruptedException {
        child.awaitOutputLine(PAUSE_AFTER, START_TIMEOUT);
        child.awaitOutputLine(PAUSE_AFTER_ACKED, START_TIMEOUT);
    }

    /** How many records the child has reported handing to send() (in steps of its progress markers). */
    private static int sent(PausableProducerProcess child) {
        return child.outputLines().stream().filter(l -> l.matches(PausableProducerMain.SENT_MARKER + "\\d+"))
                .mapToInt(l -> Integer.parseInt(l.substring(PausableProducerMain.SENT_MARKER.length()).trim()))
                .max().orElse(0);
    }

    /** Waits (polling the child's output) until it reported this many sends, or all of them. */
    private static void awaitSent(PausableProducerProcess child, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent(child) < Math.min(count, RECORDS)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the producer reported " + sent(child) + " sends, not " + count + ", within "
                        + timeout + ":\n" + child.tailLog(100));
            }
            Thread.sleep(20);
        }
    }

    private static double metric(PausableProducerProcess child, String name) {
        String prefix = PausableProducerMain.METRICS_MARKER + name + " ";
        return child.outputLines().stream().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst()
                .orElseThrow(() -> new AssertionError("the producer did not report " + name));
    }

    /** Connections the producer dropped so far (its INFO line for each). */
    private static int disconnects(PausableProducerProcess child) {
        return (int) child.outputLines().stream().filter(l -> l.contains(DISCONNECTED)).count();
    }

    /** Waits (polling the child's log; a hang guard, not a timing assertion) until it dropped this many. */
    private static void awaitDisconnects(PausableProducerProcess child, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (disconnects(child) < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the producer dropped " + disconnects(child) + " connection(s), not " + count
                        + ", within " + timeout + ":\n" + child.tailLog(100));
            }
            Thread.sleep(50);
        }
    }

    private static String describe(Outcome o) {
        if (o == null) {
            return "no outcome";
        }
        return o.ok() ? "acknowledged at partition " + o.partition() + " offset " + o.offset() : "failed: " + o.error();
    }

    private static void log(String topic, String message) {
        System.err.println("[pause] " + LocalTime.now() + " " + topic + ": " + message);
    }
}
