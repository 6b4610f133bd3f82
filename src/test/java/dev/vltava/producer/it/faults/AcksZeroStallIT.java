package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vltava.producer.Acks;
import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.StoredRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * acks=0 against a broker that stops reading a connection: the produce requests the client could not write when it
 * gives up on that connection (because a Metadata request on it times out, or because they could not be written within
 * request.timeout.ms) are sent again on a new connection. Before, they were forgotten (or, without another request,
 * waited for ever to be written): their records never completed (until delivery.timeout.ms), the partition's in-flight
 * slots stayed taken, and close() waited for them for ever.
 */
@Timeout(120)
class AcksZeroStallIT {
    private static final String TOPIC = "acks0";
    private static final String OTHER = "acks0-other";
    private static final int BEHIND = 64;

    @ParameterizedTest(name = "a metadata request on the stalled connection: {0}")
    @ValueSource(booleans = {true, false})
    void unwrittenRequestsAreResentWhenTheClientGivesUpOnTheStalledConnection(boolean metadataRequest)
            throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic(TOPIC, 1).createTopic(OTHER, 2);
            Producer<String, String> producer = MockProducers.builder(broker).acks(Acks.NONE)
                    .enableIdempotence(false).requestTimeoutMs(2_000).deliveryTimeoutMs(60_000)
                    .maxInFlightRequestsPerConnection(5).batchSizeBytes(64 * 1024).sendBufferBytes(8 * 1024).build();
            try {
                SendTracker sends = new SendTracker(producer);
                sends.sendMany(TOPIC, 0, "warm", 3);
                sends.awaitAll();
                awaitCondition(() -> broker.records(TOPIC, 0).size() == 3, "the warm-up records landed");
                int produceRequests = broker.requestCount(ApiKeys.PRODUCE);

                broker.onProduce().stallWithoutReading();
                sends.send(TOPIC, 0, "stall"); // read by the broker, which then reads nothing more on that connection
                awaitCondition(() -> broker.requestCount(ApiKeys.PRODUCE) > produceRequests, "the stall began");
                int connections = broker.connectionsAccepted(0);

                if (metadataRequest) { // a topic the producer does not know: a Metadata request on that connection
                    sends.send(OTHER, 1, "other"); // (partition 1: SendTracker orders callbacks by partition number)
                }
                String value = "v".repeat(8 * 1024);
                for (int i = 0; i < BEHIND; i++) { // far more than the socket buffers hold: most cannot be written
                    sends.send(TOPIC, 0, "behind-" + i + "-" + value);
                }

                sends.awaitAll(); // fails if a record does not complete within 30 s (before: until delivery.timeout.ms)
                for (int i = 0; i < sends.size(); i++) {
                    assertFalse(sends.future(i).isCompletedExceptionally(), "record " + i);
                }
                // Once each, in send order (batches put back for retry together keep their order: finding 11).
                sends.assertCallbacksOncePerRecordInSendOrder();
                assertTrue(broker.connectionsAccepted(0) > connections, "the client gave up on the stalled connection");

                String last = "behind-" + (BEHIND - 1) + "-" + value;
                awaitCondition(() -> broker.records(TOPIC, 0).stream().anyMatch(r -> r.valueString().equals(last)),
                        "the last record, which could not be written on the stalled connection, landed");
                Set<String> values = new HashSet<>();
                for (StoredRecord r : broker.records(TOPIC, 0)) {
                    assertTrue(values.add(r.valueString()), "stored once: " + r.valueString().split("-v")[0]);
                }
                if (metadataRequest) {
                    assertEquals(1, broker.awaitRecords(OTHER, 1, 1, Duration.ofSeconds(10)).size());
                }
                assertClosesWithin(producer, 30);
            } finally {
                producer.close(Duration.ZERO); // after a failure above; a no-op once closed
            }
        }
    }

    /** close() without a timeout must return: it waited for ever for the forgotten requests before. */
    private static void assertClosesWithin(Producer<String, String> producer, int seconds) throws InterruptedException {
        Thread closer = new Thread(producer::close, "closer");
        closer.setDaemon(true);
        closer.start();
        closer.join(TimeUnit.SECONDS.toMillis(seconds));
        assertFalse(closer.isAlive(), "close() did not return within " + seconds + " s");
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
