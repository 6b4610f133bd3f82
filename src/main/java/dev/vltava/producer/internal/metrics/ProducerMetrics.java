package dev.vltava.producer.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The producer's metrics under the official client's names, groups and tags (so dashboards, alerts and tuning guides
 * written for it apply unchanged): {@code producer-metrics}, {@code producer-topic-metrics} (tag {@code topic}, added
 * at a topic's first batch), {@code producer-node-metrics} (in {@link NetworkMetrics}), {@code app-info} and
 * {@code kafka-metrics-count}. The descriptions are ours. Recording is lock-free and allocation-free
 * ({@link WindowedStat}); what the engine keeps as running totals (buffer pool, transport) is turned into windowed
 * statistics by {@link #tick}, which the sender calls on every loop.
 */
public final class ProducerMetrics {
    public static final String GROUP = "producer-metrics";
    public static final String TOPIC_GROUP = "producer-topic-metrics";
    public static final String APP_INFO_GROUP = "app-info";
    public static final String COUNT_GROUP = "kafka-metrics-count";
    private static final double NS_PER_MS = 1e6;

    private final MetricsRegistry registry;
    private final String clientId;
    private final Map<String, String> tags;
    private final NetworkMetrics network;
    private final Map<String, TopicMetrics> topics = new ConcurrentHashMap<>();
    /** Where events go (the user's ProducerListener, wrapped so that it cannot throw); none by default. */
    private volatile EngineEvents events = EngineEvents.NONE;
    /** Running totals the sender turns into windowed statistics (sender thread only). */
    private final List<CumulativeSource> sources = new ArrayList<>();

    private final WindowedStat batchSize;
    private final WindowedStat compressionRate;
    private final WindowedStat queueTime;
    private final WindowedStat recordSize;
    private final WindowedStat recordsPerRequest;
    private final WindowedStat recordsSent;
    private final WindowedStat recordErrors;
    private final WindowedStat recordRetries;
    private final WindowedStat batchSplits;
    private final WindowedStat bufferExhausted;
    private final WindowedStat bufferpoolWait;
    private final WindowedStat requestLatency;
    private final WindowedStat throttleTime;
    private final WindowedStat flushTime;
    private final WindowedStat metadataWait;
    private final long startTimeMs;
    private final WindowedStat[] txnTimes = new WindowedStat[TxnOperation.values().length];

    public ProducerMetrics(MetricsRegistry registry, String clientId, String version, String commitId,
            long startTimeMs) {
        this.registry = registry;
        this.clientId = clientId;
        this.startTimeMs = startTimeMs;
        this.tags = Map.of("client-id", clientId);
        this.network = new NetworkMetrics(registry, clientId);
        batchSize = registry.stat(MetricLevel.INFO);
        avgMax(batchSize, "batch-size", 1, "bytes per batch (after compression)");
        compressionRate = registry.stat(MetricLevel.INFO);
        add("compression-rate-avg", "Average compression ratio of the batches sent: compressed size / uncompressed size.",
                compressionRate::avg);
        queueTime = registry.stat(MetricLevel.INFO);
        avgMax(queueTime, "record-queue-time", NS_PER_MS, "milliseconds a batch waited in the accumulator before it was "
                + "first sent");
        recordSize = registry.stat(MetricLevel.INFO);
        avgMax(recordSize, "record-size", 1, "size in bytes of the largest record of each batch (batch overhead included)");
        recordsPerRequest = registry.stat(MetricLevel.INFO);
        add("records-per-request-avg", "Average number of records per produce request.", recordsPerRequest::avg);
        recordsSent = registry.stat(MetricLevel.INFO);
        meter(recordsSent, "record-send", "records sent to brokers (counted when a batch is first sent)");
        recordErrors = registry.stat(MetricLevel.INFO);
        meter(recordErrors, "record-error", "records that failed");
        recordRetries = registry.stat(MetricLevel.INFO);
        meter(recordRetries, "record-retry", "records sent again after a retriable error");
        batchSplits = registry.stat(MetricLevel.INFO);
        countMeter(batchSplits, "batch-split", "batches split in two because the broker found them too large");
        bufferExhausted = registry.stat(MetricLevel.INFO);
        countMeter(bufferExhausted, "buffer-exhausted", "sends that failed because buffer.memory stayed full for "
                + "max.block.ms");
        bufferpoolWait = registry.stat(MetricLevel.INFO);
        add("bufferpool-wait-ratio", "Fraction of time application threads spent blocked waiting for buffer memory.",
                now -> bufferpoolWait.rate(now) / 1e9);
        requestLatency = registry.stat(MetricLevel.INFO);
        avgMax(requestLatency, "request-latency", NS_PER_MS, "milliseconds from sending a produce request to its "
                + "response");
        throttleTime = registry.stat(MetricLevel.INFO);
        avgMax(throttleTime, "produce-throttle-time", 1, "milliseconds brokers asked this producer to wait (quota "
                + "throttling), per produce response");
        flushTime = registry.stat(MetricLevel.INFO);
        add("flush-time-ns-total", "Total nanoseconds spent in flush().", now -> flushTime.total());
        metadataWait = registry.stat(MetricLevel.INFO);
        add("metadata-wait-time-ns-total", "Total nanoseconds callers spent blocked waiting for metadata "
                + "(partitionsFor; send() never waits for metadata in Vltava).", now -> metadataWait.total());
        for (TxnOperation op : TxnOperation.values()) {
            WindowedStat s = registry.stat(MetricLevel.INFO);
            txnTimes[op.ordinal()] = s;
            add(op.metricName, "Total nanoseconds spent in " + op.call + ".", now -> s.total());
        }
        registry.add(new MetricKey("version", APP_INFO_GROUP, tags, "The producer's version."), now -> version);
        registry.add(new MetricKey("commit-id", APP_INFO_GROUP, tags, "The commit the producer was built from."),
                now -> commitId);
        registry.add(new MetricKey("start-time-ms", APP_INFO_GROUP, tags, "When the producer was created, in "
                + "milliseconds since the epoch."), now -> (double) startTimeMs);
        registry.add(new MetricKey("count", COUNT_GROUP, tags, "Number of metrics this producer registers."),
                now -> (double) registry.size());
    }

    /** With the official client's default window (2 samples of 30 s) at level INFO: for tests and tools. */
    public static ProducerMetrics withDefaults(String clientId, LongSupplier clock) {
        return new ProducerMetrics(new MetricsRegistry(2, 30_000, MetricLevel.INFO, clock), clientId, "unknown",
                "unknown", System.currentTimeMillis());
    }

    /** The events of the producer's life (connections, batches, ...) go to these from now on. */
    public void events(EngineEvents events) {
        this.events = events;
        network.events(events);
    }

    public EngineEvents events() {
        return events;
    }

    /** The transport's and connections' metrics, recorded by the network client. */
    public NetworkMetrics network() {
        return network;
    }

    /** When the producer was created (epoch milliseconds): app-info's start-time-ms. */
    public long startTimeMs() {
        return startTimeMs;
    }

    public MetricsRegistry registry() {
        return registry;
    }

    /** A gauge in producer-metrics (buffer-available-bytes, waiting-threads, metadata-age, ...). */
    public void gauge(String name, String description, DoubleSupplier value) {
        add(name, description, now -> value.getAsDouble());
    }

    /**
     * A running total kept elsewhere (nanoseconds waited for buffer memory, buffer exhaustions counted by the pool)
     * that {@link #tick} feeds into a windowed statistic. Register before the sender starts.
     */
    public void cumulative(LongSupplier total, WindowedStat target) {
        sources.add(new CumulativeSource(total, target));
    }

    /** Sender thread, every loop: records what the running totals grew by since the last tick. */
    public void tick(long nowNs) {
        for (int i = 0; i < sources.size(); i++) {
            sources.get(i).tick(nowNs);
        }
        network.tick(nowNs);
    }

    /** The stat behind bufferpool-wait-ratio: nanoseconds waited. */
    public WindowedStat bufferpoolWait() {
        return bufferpoolWait;
    }

    // ------------------------------------------------------------------------------------------ recording

    /**
     * Sender, per batch when first sent: its largest record, in bytes with the batch overhead (record-size-avg/max
     * are over batches' largest records, as in KafkaProducer; one update per batch, none per record).
     */
    public void batchRecordSize(int sizeBytes, long nowNs) {
        recordSize.record(sizeBytes, nowNs);
    }

    /** Sender, when a batch goes into a request for the first time. */
    public void batchSent(String topic, int records, int sizeBytes, int uncompressedBytes, long queueTimeNanos,
            long nowNs) {
        recordsSent.record(records, nowNs);
        batchSize.record(sizeBytes, nowNs);
        queueTime.record(queueTimeNanos, nowNs);
        double ratio = uncompressedBytes <= 0 ? 1.0 : (double) sizeBytes / uncompressedBytes;
        compressionRate.record(ratio, nowNs);
        TopicMetrics t = topic(topic);
        t.recordsSent.record(records, nowNs);
        t.bytes.record(sizeBytes, nowNs);
        t.compression.record(ratio, nowNs);
    }

    /** Sender, per produce request: how many records it carries. */
    public void requestSent(int records, long nowNs) {
        recordsPerRequest.record(records, nowNs);
    }

    /** Sender, per produce response (or timeout): latency, the broker's throttle time, and the node's latency. */
    public void requestCompleted(int nodeId, long latencyNanos, int throttleTimeMs, long nowNs) {
        requestLatency.record(latencyNanos, nowNs);
        throttleTime.record(throttleTimeMs, nowNs);
        network.requestLatency(nodeId, latencyNanos, nowNs);
    }

    /** A batch's or a record's records failed (topic null: a record that was in no batch). */
    public void recordsFailed(String topic, int records) {
        recordsFailed(topic, records, registry.nowNs());
    }

    public void recordsFailed(String topic, int records, long nowNs) {
        recordErrors.record(records, nowNs);
        if (topic != null) {
            topic(topic).recordErrors.record(records, nowNs);
        }
    }

    public void recordsRetried(String topic, int records, long nowNs) {
        recordRetries.record(records, nowNs);
        topic(topic).recordRetries.record(records, nowNs);
    }

    public void batchSplit(String topic, int partition, int records, long nowNs) {
        batchSplits.record(1, nowNs);
        events.batchSplit(topic, partition, records);
    }

    /** Application thread: a send to the topic failed because buffer.memory stayed full for max.block.ms. */
    public void bufferExhausted(String topic, long nowNs) {
        bufferExhausted.record(1, nowNs);
        events.bufferExhausted(topic);
    }

    public void flushTime(long nanos, long nowNs) {
        flushTime.record(nanos, nowNs);
    }

    public void metadataWait(long nanos, long nowNs) {
        metadataWait.record(nanos, nowNs);
    }

    /** Time spent in a transactional call (for the txn-*-time-ns-total metrics). */
    public void txnTime(TxnOperation op, long nanos, long nowNs) {
        txnTimes[op.ordinal()].record(nanos, nowNs);
    }

    /** The transactional calls whose time the official client totals. */
    public enum TxnOperation {
        INIT("txn-init-time-ns-total", "initTransactions()"),
        BEGIN("txn-begin-time-ns-total", "beginTransaction()"),
        SEND_OFFSETS("txn-send-offsets-time-ns-total", "sendOffsetsToTransaction()"),
        COMMIT("txn-commit-time-ns-total", "commitTransaction()"),
        ABORT("txn-abort-time-ns-total", "abortTransaction()"),
        PREPARE("txn-prepare-time-ns-total", "prepareTransaction()");

        final String metricName;
        final String call;

        TxnOperation(String metricName, String call) {
            this.metricName = metricName;
            this.call = call;
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private TopicMetrics topic(String topic) {
        TopicMetrics t = topics.get(topic);
        if (t == null) {
            t = topics.computeIfAbsent(topic, name -> new TopicMetrics(registry, clientId, name));
        }
        return t;
    }

    private void add(String name, String description, MetricValue value) {
        registry.add(new MetricKey(name, GROUP, tags, description), value);
    }

    private void avgMax(WindowedStat s, String prefix, double divisor, String what) {
        add(prefix + "-avg", "Average " + what + ", over the metrics window.", now -> s.avg(now) / divisor);
        add(prefix + "-max", "Largest " + what + ", over the metrics window.", now -> s.max(now) / divisor);
    }

    /** {prefix}-rate (per second, sum of the values) and {prefix}-total. */
    private void meter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::rate);
        add(prefix + "-total", "Total " + what + ".", now -> s.total());
    }

    /** {prefix}-rate (per second, number of events) and {prefix}-total (events). */
    private void countMeter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::countRate);
        add(prefix + "-total", "Total " + what + ".", now -> (double) s.totalCount());
    }

    /** The producer-topic-metrics of one topic. */
    private static final class TopicMetrics {
        final WindowedStat recordsSent;
        final WindowedStat bytes;
        final WindowedStat compression;
        final WindowedStat recordErrors;
        final WindowedStat recordRetries;

        TopicMetrics(MetricsRegistry registry, String clientId, String topic) {
            Map<String, String> tags = new java.util.LinkedHashMap<>();
            tags.put("client-id", clientId);
            tags.put("topic", topic);
            recordsSent = registry.stat(MetricLevel.INFO);
            bytes = registry.stat(MetricLevel.INFO);
            compression = registry.stat(MetricLevel.INFO);
            recordErrors = registry.stat(MetricLevel.INFO);
            recordRetries = registry.stat(MetricLevel.INFO);
            meter(registry, tags, recordsSent, "record-send", "records sent to " + topic);
            meter(registry, tags, bytes, "byte", "bytes (after compression) sent to " + topic);
            registry.add(new MetricKey("compression-rate", TOPIC_GROUP, tags, "Average compression ratio of the "
                    + "batches sent to " + topic + ", over the metrics window."), compression::avg);
            meter(registry, tags, recordErrors, "record-error", "records to " + topic + " that failed");
            meter(registry, tags, recordRetries, "record-retry", "records to " + topic + " sent again");
        }

        private static void meter(MetricsRegistry registry, Map<String, String> tags, WindowedStat s, String prefix,
                String what) {
            registry.add(new MetricKey(prefix + "-rate", TOPIC_GROUP, tags, "Per second, over the metrics window: "
                    + what + "."), s::rate);
            registry.add(new MetricKey(prefix + "-total", TOPIC_GROUP, tags, "Total " + what + "."),
                    now -> s.total());
        }
    }

    /** A running total and what it was at the last tick. */
    private static final class CumulativeSource {
        final LongSupplier total;
        final WindowedStat target;
        long last;

        CumulativeSource(LongSupplier total, WindowedStat target) {
            this.total = total;
            this.target = target;
            this.last = total.getAsLong();
        }

        void tick(long nowNs) {
            long t = total.getAsLong();
            if (t != last) {
                target.record(t - last, nowNs);
                last = t;
            }
        }
    }
}
