package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Partitioner;
import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.network.FakeTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user partitioner that throws fails only its record, the same way on both paths: through the record's future and
 * callback, with a {@link PartitionerException} that names the partitioner and carries what it threw. Before, it was
 * thrown from {@code send()} when the topic's metadata was known, but reached the future raw when the record had
 * waited for metadata (and an Error there was never caught: the record waited forever). The real producer and engine
 * run over a fake transport that answers ApiVersions and Metadata (topics "known" and "later", two partitions each).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionerFailureTest {
    private static final String KNOWN = "known";
    private static final String LATER = "later";

    /** Throws whatever the test gives it, for keys that start with "boom"; partition 1 otherwise. */
    static final class ThrowingPartitioner implements Partitioner {
        volatile Throwable toThrow;

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                List<PartitionInfo> partitions) {
            if (String.valueOf(key).startsWith("boom")) {
                sneakyThrow(toThrow);
            }
            return 1;
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
            throw (T) t;
        }
    }

    @Test
    void aThrowingPartitionerFailsItsRecordThroughTheFutureWhetherTheTopicWasKnownOrNot() throws Exception {
        ThrowingPartitioner partitioner = new ThrowingPartitioner();
        VltavaProducer<String, String> producer = producer(partitioner);
        try {
            assertEquals(2, producer.partitionsFor(KNOWN).size()); // KNOWN's metadata is there before send()

            IllegalStateException bug = new IllegalStateException("no route for this key");
            partitioner.toThrow = bug;
            List<Exception> callbacks = new CopyOnWriteArrayList<>();
            CompletableFuture<RecordMetadata> known = producer.send(new ProducerRecord<>(KNOWN, "boom-1", "v"),
                    (md, e) -> callbacks.add(e)); // the partitioner runs inside send(): it must not throw from it
            assertFailedBy(known, bug);

            CompletableFuture<RecordMetadata> later = producer.send(new ProducerRecord<>(LATER, "boom-2", "v"),
                    (md, e) -> callbacks.add(e)); // no metadata for LATER yet: the partitioner runs on the sender
            assertFailedBy(later, bug);
            assertEquals(2, callbacks.size(), "each callback once");
            assertEquals(List.of(PartitionerException.class, PartitionerException.class),
                    callbacks.stream().map(Object::getClass).toList());

            CompletableFuture<RecordMetadata> fine = producer.send(new ProducerRecord<>(KNOWN, "fine", "v"));
            assertFalse(fine.isDone(), "other records are not affected: queued for partition 1");
            assertEquals(1, ((RecordFuture) fine).partition());
        } finally {
            producer.close(Duration.ZERO); // the fake never answers Produce: fail what is queued at once
        }
    }

    @Test
    void anErrorFromThePartitionerOfARecordThatWaitedForMetadataFailsThatRecordToo() throws Exception {
        ThrowingPartitioner partitioner = new ThrowingPartitioner();
        AssertionError assertInPartitioner = new AssertionError("a test's assert inside the partitioner");
        partitioner.toThrow = assertInPartitioner;
        VltavaProducer<String, String> producer = producer(partitioner);
        try {
            CompletableFuture<RecordMetadata> later = producer.send(new ProducerRecord<>(LATER, "boom", "v"));
            assertFailedBy(later, assertInPartitioner);
            assertEquals(2, producer.partitionsFor(LATER).size());
            CompletableFuture<RecordMetadata> known = producer.send(new ProducerRecord<>(LATER, "boom", "v"));
            assertFailedBy(known, assertInPartitioner); // LATER is known now: inside send(), the same outcome
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    private static void assertFailedBy(CompletableFuture<RecordMetadata> f, Throwable thrown) throws Exception {
        ExecutionException e;
        try {
            f.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the record did not fail");
        } catch (ExecutionException expected) {
            e = expected;
        }
        PartitionerException p = assertInstanceOf(PartitionerException.class, e.getCause());
        assertSame(thrown, p.getCause());
        assertEquals(ThrowingPartitioner.class.getName(), p.partitionerClass());
        assertTrue(p.getMessage().contains(ThrowingPartitioner.class.getName()), p.getMessage());
        assertTrue(p.getMessage().contains(thrown.getMessage()), p.getMessage());
    }

    private static VltavaProducer<String, String> producer(Partitioner partitioner) {
        ProducerConfig config = ProducerConfig.from(Map.of("bootstrap.servers", "fake:9092",
                "enable.idempotence", "false", "max.block.ms", "30000", "linger.ms", "3600000"));
        FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
        transport.setResponder(PartitionerFailureTest::respond);
        // The sender polls this transport in a loop (its poll never blocks): pace it instead of spinning a core.
        transport.onEachPoll(timeoutMs -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)));
        return new VltavaProducer<>(new Engine(config, AckListener.NONE, transport), Serializers.string(),
                Serializers.string(), partitioner, List.of());
    }

    private static ByteBuffer respond(int nodeId, ByteBuffer body) {
        RequestHeader header = RequestHeader.parse(body);
        short v = header.apiVersion();
        ApiMessage answer = switch (header.apiKey()) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadata(new MetadataRequestData(new ByteBufferAccessor(body.slice()), v));
            default -> null; // Produce: never answered (the records under test never get that far)
        };
        return answer == null ? null : RequestUtils.serialize(new ResponseHeaderData()
                .setCorrelationId(header.correlationId()), header.apiKey().responseHeaderVersion(v), answer, v);
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        return d;
    }

    /** Like a broker: only the topics asked for (both exist, two partitions each, led by node 0). */
    private static MetadataResponseData metadata(MetadataRequestData request) {
        MetadataResponseData d = new MetadataResponseData().setClusterId("fake").setControllerId(0);
        d.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(0).setHost("n0").setPort(9092));
        if (request.topics() == null) {
            return d;
        }
        for (MetadataRequestData.MetadataRequestTopic asked : request.topics()) {
            MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                    .setName(asked.name()).setTopicId(new Uuid(7L, asked.name().hashCode()));
            for (int p = 0; p < 2; p++) {
                t.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p)
                        .setLeaderId(0).setLeaderEpoch(0).setReplicaNodes(List.of(0)).setIsrNodes(List.of(0)));
            }
            d.topics().add(t);
        }
        return d;
    }
}
