package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.metrics.JmxExporter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The sender's metrics read over the platform MBean server, under the official object names, while records flow
 * through the real sender and network client (fake transport, fake clock): rates move, totals equal the records sent,
 * a maximum resets once the window has passed, and close unregisters everything.
 */
class MetricsOverJmxTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void valuesMoveAsRecordsFlowAndTheMaximumResetsAfterTheWindow() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 2, 1024, 0).warmUp();
        JmxExporter jmx = JmxExporter.start(h.metrics.registry(), "test", "v", "c", 1L);
        try {
            ObjectName producer = new ObjectName("kafka.producer:type=producer-metrics,client-id=test");
            List<String> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                h.append(i % 2, "v" + i, done);
            }
            h.steps(3);
            h.advanceMs(7);
            while (!h.held.isEmpty()) {
                h.answerOldest(Errors.NONE);
                h.step();
            }
            assertEquals(10, done.size());
            assertEquals(10.0, SERVER.getAttribute(producer, "record-send-total"));
            assertTrue((Double) SERVER.getAttribute(producer, "record-send-rate") > 0);
            assertTrue((Double) SERVER.getAttribute(producer, "request-rate") > 0);
            assertTrue((Double) SERVER.getAttribute(producer, "outgoing-byte-total") > 0);
            assertEquals(7.0, SERVER.getAttribute(producer, "request-latency-max"));
            ObjectName topic = new ObjectName("kafka.producer:type=producer-topic-metrics,client-id=test,topic="
                    + SenderHarness.TOPIC);
            assertEquals(10.0, SERVER.getAttribute(topic, "record-send-total"));
            ObjectName node = new ObjectName("kafka.producer:type=producer-node-metrics,client-id=test,node-id=node-"
                    + SenderHarness.NODE);
            assertEquals(7.0, SERVER.getAttribute(node, "request-latency-max"));
            assertTrue((Double) SERVER.getAttribute(node, "request-total") > 0);
            assertEquals("v", SERVER.getAttribute(new ObjectName("kafka.producer:type=app-info,id=test"), "Version"));

            h.advanceMs(60_000); // two samples of 30 s: the window has passed
            assertTrue(Double.isNaN((Double) SERVER.getAttribute(producer, "request-latency-max")));
            assertEquals(0.0, SERVER.getAttribute(producer, "record-send-rate"));
            assertEquals(10.0, SERVER.getAttribute(producer, "record-send-total"), "totals are cumulative");
        } finally {
            h.metrics.registry().close();
            jmx.close();
        }
        assertTrue(SERVER.queryNames(new ObjectName("kafka.producer:client-id=test,*"), null).isEmpty());
        assertFalse(SERVER.isRegistered(new ObjectName("kafka.producer:type=app-info,id=test")));
    }
}
