package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LastTopicPartitionTest {
    private final LastTopicPartition partitions = new LastTopicPartition();

    @Test
    void recordsOfOnePartitionShareOneInstance() {
        TopicPartition first = partitions.of("orders", 3);
        assertSame(first, partitions.of(new String("orders"), 3));
        assertEquals(new TopicPartition("orders", 3), first);
    }

    @Test
    void anotherPartitionOrTopicGetsItsOwn() {
        partitions.of("orders", 3);
        assertEquals(new TopicPartition("orders", 4), partitions.of("orders", 4));
        assertEquals(new TopicPartition("payments", 4), partitions.of("payments", 4));
        assertEquals(new TopicPartition("orders", 3), partitions.of("orders", 3));
    }
}
