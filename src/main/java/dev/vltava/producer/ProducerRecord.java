package dev.vltava.producer;

import java.util.Objects;

/**
 * A record to send: topic, optional partition, key, value, headers and optional timestamp. Immutable except for
 * its {@link Headers}, which stay mutable until the record is sent.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ProducerRecord<K, V> {

    private final String topic;
    private final Integer partition;
    private final Headers headers;
    private final K key;
    private final V value;
    private final Long timestamp;

    /**
     * A record without key, to a partition the partitioner chooses.
     *
     * @param topic the topic, not {@code null}
     * @param value the value, possibly {@code null}
     */
    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    /**
     * A record to a partition the partitioner chooses (by the key's hash when there is a key).
     *
     * @param topic the topic, not {@code null}
     * @param key the key, possibly {@code null}
     * @param value the value, possibly {@code null}
     */
    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    /**
     * A record to a given partition.
     *
     * @param topic the topic, not {@code null}
     * @param partition the partition, or {@code null} to let the partitioner choose
     * @param key the key, possibly {@code null}
     * @param value the value, possibly {@code null}
     */
    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    /**
     * A record with headers.
     *
     * @param topic the topic, not {@code null}
     * @param partition the partition, or {@code null} to let the partitioner choose
     * @param key the key, possibly {@code null}
     * @param value the value, possibly {@code null}
     * @param headers the headers (copied), or {@code null} for none
     */
    public ProducerRecord(String topic, Integer partition, K key, V value, Iterable<Header> headers) {
        this(topic, partition, null, key, value, headers);
    }

    /**
     * A record with its own timestamp.
     *
     * @param topic the topic, not {@code null}
     * @param partition the partition, or {@code null} to let the partitioner choose
     * @param timestamp epoch milliseconds, or {@code null} for the time of {@code send()}
     * @param key the key, possibly {@code null}
     * @param value the value, possibly {@code null}
     */
    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    /**
     * A record with every field given.
     *
     * @param topic     required
     * @param partition null to let the partitioner choose; otherwise &gt;= 0
     * @param timestamp epoch milliseconds, &gt;= 0; null means "the time of send()"
     * @param key       the key, possibly {@code null}
     * @param value     the value, possibly {@code null}
     * @param headers   copied; null means none
     * @throws IllegalArgumentException for a null topic, negative partition or negative timestamp
     */
    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value,
                          Iterable<Header> headers) {
        if (topic == null) {
            throw new IllegalArgumentException("topic must not be null");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0 but was " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0 but was " + timestamp);
        }
        this.topic = topic;
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = new Headers(headers);
    }

    /** {@return the topic} */
    public String topic() {
        return topic;
    }

    /** {@return the requested partition, or {@code null} to let the partitioner choose} */
    public Integer partition() {
        return partition;
    }

    /** {@return the key, possibly {@code null}} */
    public K key() {
        return key;
    }

    /** {@return the value, possibly {@code null}} */
    public V value() {
        return value;
    }

    /** {@return the headers (read-only once the record was sent)} */
    public Headers headers() {
        return headers;
    }

    /** {@return the timestamp in epoch milliseconds, or {@code null} to use the time of {@code send()}} */
    public Long timestamp() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord<?, ?> r
                && topic.equals(r.topic)
                && Objects.equals(partition, r.partition)
                && Objects.equals(timestamp, r.timestamp)
                && Objects.equals(key, r.key)
                && Objects.equals(value, r.value)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, key, value, headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", headers=" + headers
                + ", key=" + key + ", value=" + value + ", timestamp=" + timestamp + ")";
    }
}
