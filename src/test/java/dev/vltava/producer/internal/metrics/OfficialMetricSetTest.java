package dev.vltava.producer.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Our metric set (group, name, tag keys) equals the official client's, read from a real KafkaProducer into
 * {@code src/test/resources/metrics/official-producer-metrics.txt} by {@code OfficialMetricNamesIT}, minus the names
 * docs/observability.md lists as not filled, each with its reason.
 */
class OfficialMetricSetTest {
    /** Names we do not register (docs/observability.md, "Metrics Vltava does not fill"): none today. */
    static final Set<String> NOT_FILLED = Set.of();

    @Test
    void ourMetricSetIsTheOfficialOneMinusTheDocumentedGaps() throws Exception {
        AtomicLong clock = new AtomicLong();
        ProducerMetrics m = ProducerMetrics.withDefaults("c", clock::get);
        m.gauge("buffer-total-bytes", "", () -> 0);
        m.gauge("buffer-available-bytes", "", () -> 0);
        m.gauge("waiting-threads", "", () -> 0);
        m.gauge("bufferpool-wait-time-ns-total", "", () -> 0);
        m.gauge("metadata-age", "", () -> 0);
        m.batchSent("t", 1, 10, 10, 0, clock.get()); // a topic's metrics appear with its first batch
        m.network().requestSent(1, 10, clock.get()); // a node's with its first request
        Set<String> ours = new TreeSet<>();
        for (RegisteredMetric r : m.registry().metrics()) {
            ours.add(line(r.key()));
        }
        Set<String> official = read(Path.of("src/test/resources/metrics/official-producer-metrics.txt"));
        assertTrue(official.containsAll(NOT_FILLED), "every gap is an official name");
        Set<String> expected = new TreeSet<>(official);
        expected.removeAll(NOT_FILLED);
        assertEquals(expected, ours);
    }

    @Test
    void everyMetricHasADescriptionAndTheClientIdTagFirst() {
        ProducerMetrics m = ProducerMetrics.withDefaults("c", () -> 0);
        m.batchSent("t", 1, 10, 10, 0, 0);
        m.network().requestSent(1, 10, 0);
        for (RegisteredMetric r : m.registry().metrics()) {
            assertFalse(r.key().description().isBlank(), r.key().toString());
            assertEquals("client-id", r.key().tags().keySet().iterator().next(), r.key().toString());
        }
        assertEquals(Map.of("client-id", "c", "node-id", "node-1"), m.registry().metrics().stream()
                .filter(r -> r.key().group().equals(NetworkMetrics.NODE_GROUP)).findFirst().orElseThrow().key().tags());
    }

    static String line(MetricKey k) {
        return k.group() + " " + k.name() + " " + String.join(",", new TreeSet<>(k.tags().keySet()));
    }

    static Set<String> read(Path file) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
