package dev.vltava.producer.micrometer;

import dev.vltava.producer.Metric;
import dev.vltava.producer.MetricName;
import dev.vltava.producer.MetricsListener;
import dev.vltava.producer.Producer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a Vltava {@link Producer}'s metrics to Micrometer, named as Micrometer's own {@code KafkaClientMetrics} names
 * the official client's: {@code kafka.<group without "-metrics">.<name>} with dashes as dots (for example
 * {@code kafka.producer.record.send.rate}, {@code kafka.producer.topic.record.send.total},
 * {@code kafka.producer.node.request.latency.avg}), tagged with the metric's tags with dashes as dots
 * ({@code client.id}, {@code topic}, {@code node.id}) plus the tags given here (Micrometer's binder also adds
 * {@code kafka.version}; this one does not, as Vltava is no Kafka client version). Every numeric metric becomes a
 * gauge, totals included, as Micrometer's binder does; texts (app-info's version and commit id) and
 * {@code kafka-metrics-count} are skipped, as there. Metrics that
 * appear later (a new topic or broker) are bound as they appear; their meters are removed when the producer closes.
 *
 * <pre>{@code
 * VltavaProducerMetrics binder = new VltavaProducerMetrics(producer);
 * binder.bindTo(registry);
 * ...
 * binder.close(); // stops following the producer; close the producer as usual
 * }</pre>
 */
public final class VltavaProducerMetrics implements MeterBinder, MetricsListener, AutoCloseable {
    private static final String PREFIX = "kafka.";

    private final Producer<?, ?> producer;
    private final Iterable<Tag> extraTags;
    private final Map<MetricName, Meter> meters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public VltavaProducerMetrics(Producer<?, ?> producer) {
        this(producer, Tags.empty());
    }

    public VltavaProducerMetrics(Producer<?, ?> producer, Iterable<Tag> extraTags) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.extraTags = Objects.requireNonNull(extraTags, "extraTags");
    }

    /** Binds every metric there is now and follows the producer for metrics added later. */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("already bound to a registry");
        }
        this.registry = registry;
        producer.addMetricsListener(this);
        for (Metric m : producer.metrics().values()) {
            metricAdded(m);
        }
    }

    @Override
    public void metricAdded(Metric metric) {
        MeterRegistry r = registry;
        if (r == null || !(metric.value() instanceof Number) || meters.containsKey(metric.metricName())
                || metric.metricName().group().equals("kafka-metrics-count")) {
            return;
        }
        MetricName n = metric.metricName();
        String name = meterName(n);
        Tags tags = Tags.of(extraTags);
        for (Map.Entry<String, String> t : n.tags().entrySet()) {
            tags = tags.and(t.getKey().replace('-', '.'), t.getValue());
        }
        Meter meter = Gauge.builder(name, metric, Metric::numericValue).description(n.description()).tags(tags)
                .register(r);
        meters.put(n, meter);
    }

    @Override
    public void metricRemoved(Metric metric) {
        Meter meter = meters.remove(metric.metricName());
        MeterRegistry r = registry;
        if (meter != null && r != null) {
            r.remove(meter);
        }
    }

    /** Stops following the producer and removes the meters bound so far. */
    @Override
    public void close() {
        producer.removeMetricsListener(this);
        MeterRegistry r = registry;
        if (r != null) {
            for (Meter m : new ArrayList<>(meters.values())) {
                r.remove(m);
            }
        }
        meters.clear();
    }

    /** {@code kafka.<group>.<name>}, "-metrics" dropped from the group and dashes made dots, as Micrometer names Kafka's. */
    static String meterName(MetricName n) {
        return (PREFIX + n.group() + "." + n.name()).replace("-metrics", "").replace('-', '.');
    }

    /** The meters bound now (for tests and diagnostics). */
    List<Meter> meters() {
        return List.copyOf(meters.values());
    }
}
