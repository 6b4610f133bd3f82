package dev.vltava.producer.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TransactionalProducerMain} child JVM, to be killed with {@code kill -9} while its last transaction is
 * open. Its output is kept under target/broker-logs for failure reports.
 */
public final class TransactionalProducerProcess implements AutoCloseable {
    private final ChildJvm child;
    private final Process process;

    private TransactionalProducerProcess(ChildJvm child) {
        this.child = child;
        this.process = child.process;
    }

    /**
     * Starts the child: {@code client} ({@link TransactionalProducerMain#OFFICIAL} or
     * {@link TransactionalProducerMain#VLTAVA}) commits {@code committed} transactions of {@code perTransaction}
     * records to {@code topic}, then opens one more with as many records, flushes it and waits.
     */
    public static TransactionalProducerProcess start(String client, String bootstrap, String topic,
            String transactionalId, int transactionTimeoutMs, int committed, int perTransaction) {
        return startMain(TransactionalProducerMain.class, topic + "-" + client, List.of(client, bootstrap, topic,
                transactionalId, Integer.toString(transactionTimeoutMs), Integer.toString(committed),
                Integer.toString(perTransaction)));
    }

    /**
     * Starts a {@link TransactionalCopyMain} child: {@code client} copies {@code input} to {@code output} in
     * transactions, with the consumer offsets of group {@code group} committed in them (see its arguments);
     * {@code runName} tells the logs of several runs apart.
     */
    public static TransactionalProducerProcess startCopy(String client, String bootstrap, String input, String output,
            String group, String transactionalId, int perTransaction, int stopAfterCommits, int transactionTimeoutMs,
            String runName) {
        return startMain(TransactionalCopyMain.class, output + "-" + client + "-" + runName, List.of(client,
                bootstrap, input, output, group, transactionalId, Integer.toString(perTransaction),
                Integer.toString(stopAfterCommits), Integer.toString(transactionTimeoutMs)));
    }

    private static TransactionalProducerProcess startMain(Class<?> main, String logName, List<String> args) {
        Path log = TestBrokers.logsRoot().resolve("transactional-producer").resolve(logName + ".log");
        return new TransactionalProducerProcess(ChildJvm.start("transactional producer child", log, List.of(), main,
                args));
    }

    /**
     * The killed-producer case, run by the fixture test with the official client and by TransactionsRestartIT with
     * Vltava: {@code client} commits {@code committed} transactions of {@code perTransaction} records to
     * {@code topic} (its transactional id is the topic's name), opens one more and is killed with {@code kill -9}.
     * Checks that the open transaction holds the last stable offset back at first, that the coordinator aborts it
     * after {@code timeoutMs}, that read_committed then sees exactly the committed transactions, and that the killed
     * one's records were written. Returns the committed values.
     */
    public static List<String> killMidTransactionAndAwaitItsAbort(KafkaCluster cluster, String client, String topic,
            int committed, int perTransaction, int timeoutMs, Duration readTimeout) throws InterruptedException {
        try (TransactionalProducerProcess child = start(client, cluster.bootstrapServers(), topic, topic, timeoutMs,
                committed, perTransaction)) {
            child.awaitOutputLine(TransactionalProducerMain.OPEN_MARKER, Duration.ofSeconds(180));
            child.kill();
        }
        // well within its timeout the open transaction still holds the last stable offset back
        OfficialClients.assertTransactionOpen(cluster.bootstrapServers(), topic);
        OfficialClients.awaitNoOpenTransaction(cluster.bootstrapServers(), topic,
                Duration.ofMillis(timeoutMs).plusSeconds(60));
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < committed; t++) {
            expected.addAll(TransactionalProducerMain.values(Integer.toString(t), perTransaction));
        }
        List<String> visible = new ArrayList<>(OfficialClients.committedValues(cluster.bootstrapServers(), topic,
                readTimeout));
        if (!sorted(expected).equals(sorted(visible))) {
            throw new AssertionError("read_committed must see the committed transactions and nothing of the killed "
                    + "one: expected " + sorted(expected) + " but saw " + sorted(visible));
        }
        List<String> everything = OfficialClients.readAll(cluster.bootstrapServers(), topic, readTimeout).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        if (!everything.containsAll(TransactionalProducerMain.values(TransactionalProducerMain.OPEN,
                perTransaction))) {
            throw new AssertionError("the killed transaction's records were not written: " + everything);
        }
        return expected;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    /**
     * Waits for the child to exit and returns its exit code; kills it and throws if it does not exit in time (a
     * hang guard).
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        throw new IllegalStateException("child did not exit within " + timeout + ":\n" + tailLog(80));
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until a line of the child's output starts with {@code prefix}; fails if the child exits first. */
    public void awaitOutputLine(String prefix, Duration timeout) throws InterruptedException {
        child.awaitOutputLine(prefix, timeout);
    }

    /** kill -9: the child dies at once, its open transaction left to the coordinator's timeout. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " survived kill -9");
        }
    }

    public List<String> outputLines() {
        return child.outputLines();
    }

    public String tailLog(int lines) {
        return child.tailLog(lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
