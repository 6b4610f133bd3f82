package dev.vltava.producer.compat;

import org.apache.kafka.common.TopicPartition;

/**
 * The official {@link TopicPartition} of the last record completed, reused while records of the same partition
 * complete (the records of a batch complete one after another), instead of one per record: {@code KafkaProducer}
 * too hands all records of a batch the same instance. Any thread; a race costs one allocation, never a wrong value
 * (the instance is immutable and checked before reuse).
 */
final class LastTopicPartition {
    private volatile TopicPartition last;

    TopicPartition of(String topic, int partition) {
        TopicPartition tp = last;
        if (tp == null || tp.partition() != partition || !tp.topic().equals(topic)) {
            tp = new TopicPartition(topic, partition);
            last = tp;
        }
        return tp;
    }
}
