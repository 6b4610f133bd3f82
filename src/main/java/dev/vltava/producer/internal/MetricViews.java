package dev.vltava.producer.internal;

import dev.vltava.producer.Metric;
import dev.vltava.producer.MetricName;
import dev.vltava.producer.MetricsListener;
import dev.vltava.producer.internal.metrics.MetricKey;
import dev.vltava.producer.internal.metrics.MetricsRegistry;
import dev.vltava.producer.internal.metrics.RegisteredMetric;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The registry's metrics as the public {@link Metric} type; one view per metric, created when first asked for. */
final class MetricViews {
    private static final Comparator<RegisteredMetric> ORDER = Comparator
            .comparing((RegisteredMetric m) -> m.key().group())
            .thenComparing(m -> m.key().tags().toString())
            .thenComparing(m -> m.key().name());

    private final MetricsRegistry registry;
    private final Map<MetricKey, Metric> views = new ConcurrentHashMap<>();
    private final Map<MetricsListener, Adapter> listeners = new ConcurrentHashMap<>();

    MetricViews(MetricsRegistry registry) {
        this.registry = registry;
    }

    /** Every metric now, by group, tags and name; read-only. */
    Map<MetricName, Metric> all() {
        List<RegisteredMetric> now = new java.util.ArrayList<>(registry.metrics());
        now.sort(ORDER);
        Map<MetricName, Metric> out = new LinkedHashMap<>();
        for (RegisteredMetric m : now) {
            Metric view = view(m);
            out.put(view.metricName(), view);
        }
        return Collections.unmodifiableMap(out);
    }

    void addListener(MetricsListener listener) {
        Adapter adapter = new Adapter(listener);
        if (listeners.putIfAbsent(listener, adapter) == null) {
            registry.addListener(adapter);
        }
    }

    void removeListener(MetricsListener listener) {
        Adapter adapter = listeners.remove(listener);
        if (adapter != null) {
            registry.removeListener(adapter);
        }
    }

    /** The public listener behind the registry's. */
    private final class Adapter implements dev.vltava.producer.internal.metrics.MetricsListener {
        private final MetricsListener listener;

        Adapter(MetricsListener listener) {
            this.listener = listener;
        }

        @Override
        public void metricAdded(RegisteredMetric metric) {
            listener.metricAdded(view(metric));
        }

        @Override
        public void metricRemoved(RegisteredMetric metric) {
            listener.metricRemoved(view(metric));
        }

        @Override
        public String toString() {
            return listener.getClass().getName();
        }
    }

    Metric view(RegisteredMetric m) {
        return views.computeIfAbsent(m.key(), k -> new View(new MetricName(k.name(), k.group(), k.tags(),
                k.description()), m));
    }

    private record View(MetricName metricName, RegisteredMetric metric) implements Metric {
        @Override
        public Object value() {
            return metric.value();
        }

        @Override
        public String toString() {
            return metricName + "=" + value();
        }
    }
}
