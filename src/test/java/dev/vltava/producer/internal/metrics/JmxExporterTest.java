package dev.vltava.producer.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Object names, attributes, duplicate client ids and unregistration of the metrics' MBeans. */
class JmxExporterTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void objectNamesFollowTheOfficialPatternAndQuoteOddValues() throws Exception {
        assertEquals(new ObjectName("kafka.producer:type=producer-topic-metrics,client-id=c,topic=my.topic_1"),
                JmxExporter.objectName(new MetricKey("x", "producer-topic-metrics",
                        linked("client-id", "c", "topic", "my.topic_1"), "")));
        ObjectName odd = JmxExporter.objectName(new MetricKey("x", "producer-metrics",
                Map.of("client-id", "a,b=c:d"), ""));
        assertEquals("a,b=c:d", ObjectName.unquote(odd.getKeyProperty("client-id")));
    }

    @Test
    void aSecondProducerWithTheSameClientIdTakesOverTheMetricsButNotAppInfo() throws Exception {
        AtomicLong clock = new AtomicLong();
        ProducerMetrics first = ProducerMetrics.withDefaults("dup", clock::get);
        ProducerMetrics second = ProducerMetrics.withDefaults("dup", clock::get);
        JmxExporter firstJmx = JmxExporter.start(first.registry(), "dup", "1", "c", 1L);
        JmxExporter secondJmx = JmxExporter.start(second.registry(), "dup", "2", "c", 2L);
        ObjectName producer = new ObjectName("kafka.producer:type=producer-metrics,client-id=dup");
        ObjectName appInfo = new ObjectName("kafka.producer:type=app-info,id=dup");
        try {
            second.recordsFailed("t", 3, 0);
            assertEquals(3.0, SERVER.getAttribute(producer, "record-error-total"), "the later registration wins");
            assertEquals("1", SERVER.getAttribute(appInfo, "Version"), "the first app-info stays; the second is "
                    + "not registered (a warning is logged)");
            firstJmx.close();
            first.registry().close();
            assertTrue(SERVER.isRegistered(producer), "closing the first does not remove the second's MBeans");
            assertFalse(SERVER.isRegistered(appInfo));
        } finally {
            second.registry().close();
            secondJmx.close();
            firstJmx.close();
        }
        assertFalse(SERVER.isRegistered(producer));
    }

    @Test
    void metricsAddedLaterBecomeAttributesAndNewMBeans() throws Exception {
        AtomicLong clock = new AtomicLong();
        ProducerMetrics m = ProducerMetrics.withDefaults("later", clock::get);
        JmxExporter jmx = JmxExporter.start(m.registry(), "later", "1", "c", 1L);
        try {
            ObjectName topic = new ObjectName("kafka.producer:type=producer-topic-metrics,client-id=later,topic=t");
            assertFalse(SERVER.isRegistered(topic));
            m.batchSent("t", 4, 100, 200, 0, 0);
            assertEquals(4.0, SERVER.getAttribute(topic, "record-send-total"));
            assertEquals(0.5, SERVER.getAttribute(topic, "compression-rate"));
            assertEquals(9, SERVER.getMBeanInfo(topic).getAttributes().length);
        } finally {
            m.registry().close();
            jmx.close();
        }
    }

    private static Map<String, String> linked(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
