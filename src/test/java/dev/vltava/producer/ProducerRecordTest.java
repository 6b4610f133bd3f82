package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerRecordTest {

    @Test
    void constructorsFillFieldsLikeKafka() {
        ProducerRecord<String, String> valueOnly = new ProducerRecord<>("t", "v");
        assertEquals("t", valueOnly.topic());
        assertNull(valueOnly.key());
        assertEquals("v", valueOnly.value());
        assertNull(valueOnly.partition());
        assertNull(valueOnly.timestamp());
        assertTrue(valueOnly.headers().isEmpty());

        ProducerRecord<String, String> full = new ProducerRecord<>("t", 3, 42L, "k", "v",
                List.of(Header.utf8("h", "x")));
        assertEquals(3, full.partition());
        assertEquals(42L, full.timestamp());
        assertEquals("k", full.key());
        assertEquals(Header.utf8("h", "x"), full.headers().lastHeader("h"));
        assertEquals(new ProducerRecord<>("t", 3, 42L, "k", "v", List.of(Header.utf8("h", "x"))), full);
        assertEquals(full.hashCode(), new ProducerRecord<>("t", 3, 42L, "k", "v",
                List.of(Header.utf8("h", "x"))).hashCode());
        assertNotEquals(new ProducerRecord<>("t", 3, 42L, "k", "v"), full);
    }

    @Test
    void invalidArgumentsAreRejectedLikeKafka() {
        assertEquals("topic must not be null",
                assertThrows(IllegalArgumentException.class, () -> new ProducerRecord<>(null, "v")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProducerRecord<>("t", -1, "k", "v"));
        assertThrows(IllegalArgumentException.class, () -> new ProducerRecord<>("t", 0, -1L, "k", "v"));
        // the official client agrees
        assertThrows(IllegalArgumentException.class,
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>(null, "v"));
        assertThrows(IllegalArgumentException.class,
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>("t", -1, "k", "v"));
        assertThrows(IllegalArgumentException.class,
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>("t", 0, -1L, "k", "v"));
    }

    @Test
    void headersKeepOrderAndDuplicates() {
        Headers h = new Headers().add("a", new byte[] {1}).add("b", null).add("a", new byte[] {2});
        assertEquals(3, h.size());
        assertArrayEquals(new byte[] {2}, h.lastHeader("a").value());
        assertEquals(List.of(new Header("a", new byte[] {1}), new Header("a", new byte[] {2})), h.headers("a"));
        assertNull(h.lastHeader("zzz"));
        assertEquals(3, h.toArray().length);
        h.remove("a");
        assertEquals(List.of(new Header("b", null)), h.asList());
    }

    @Test
    void readOnlyHeadersRefuseChanges() {
        Headers h = new Headers().add("a", null);
        h.setReadOnly();
        assertTrue(h.isReadOnly());
        assertThrows(IllegalStateException.class, () -> h.add("b", null));
        assertThrows(IllegalStateException.class, () -> h.remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> h.iterator().remove());
    }

    @Test
    void recordCopiesGivenHeaders() {
        Headers given = new Headers().add("a", null);
        ProducerRecord<String, String> r = new ProducerRecord<>("t", null, null, null, "v", given);
        given.add("b", null);
        assertEquals(1, r.headers().size());
    }

    @Test
    void headerIsImmutable() {
        byte[] value = {1, 2, 3};
        Header h = new Header("k", value);
        value[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, h.value());
        h.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, h.value());
        assertEquals(3, h.valueLength());
        assertTrue(h.valueBuffer().isReadOnly());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), h.valueBuffer());
        assertEquals(-1, new Header("k", null).valueLength());
        assertNull(new Header("k", null).valueBuffer());
        assertThrows(NullPointerException.class, () -> new Header(null, value));
        assertEquals(new Header("k", new byte[] {1, 2, 3}), h);
        assertNotEquals(new Header("k", null), h);
    }

    @Test
    void recordMetadataKnowsWhatIsUnknown() {
        assertTrue(new RecordMetadata("t", 0, 5, 100, 1, 2).hasOffset());
        assertFalse(new RecordMetadata("t", 0, -1, -1, 1, 2).hasOffset());
        assertFalse(new RecordMetadata("t", 0, -1, -1, 1, 2).hasTimestamp());
    }

    @Test
    void enumsSpeakKafka() {
        assertEquals("all", Acks.ALL.configName());
        assertEquals("0", Acks.NONE.configName());
        assertEquals(Acks.LEADER, Acks.fromWireValue((short) 1));
        for (Compression c : Compression.values()) {
            assertEquals(c, Compression.fromConfigName(c.configName()));
        }
    }

    @Test
    void exceptionsCarryTheirKind() {
        assertTrue(new TimeoutException(TimeoutException.What.METADATA, "m").isRetriable());
        assertEquals(TimeoutException.What.METADATA, new TimeoutException(TimeoutException.What.METADATA, "m").what());
        assertTrue(new NetworkException("n").isRetriable());
        assertTrue(new UnknownTopicException("t", "m").isRetriable());
        assertEquals(VltavaException.Kind.FATAL, new SerializationException("s").kind());
        assertEquals(VltavaException.Kind.FATAL, new ProducerFencedException("f").kind());
        assertEquals("producer is closed", new ProducerClosedException().getMessage());
        RecordTooLargeException big = new RecordTooLargeException(2000, 1000, "max.request.size");
        assertTrue(big.getMessage().contains("2000") && big.getMessage().contains("max.request.size"));
        assertEquals(1000, big.limitBytes());
        BrokerException b = new BrokerException(VltavaException.Kind.RETRIABLE, (short) 19, "NOT_ENOUGH_REPLICAS",
                "m");
        assertEquals(19, b.errorCode());
        assertEquals("NOT_ENOUGH_REPLICAS", b.errorName());
        assertEquals(VltavaException.Kind.ABORTABLE, new OutOfOrderSequenceException(VltavaException.Kind.ABORTABLE,
                "m", null).kind());
        InterruptException interrupt = new InterruptException(new InterruptedException());
        assertTrue(Thread.interrupted(), "creating it restores the interrupt flag");
        assertEquals(VltavaException.Kind.FATAL, interrupt.kind());
    }
}
