package dev.vltava.producer.testkit.mock;

import java.nio.charset.StandardCharsets;

/** One record as the mock broker stored it, with the offset it assigned and the batch's idempotence stamp. */
public record StoredRecord(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp,
        long producerId, short producerEpoch, int sequence) {

    /** The key as UTF-8 text, or null. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value as UTF-8 text, or null. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " " + keyString() + "=" + valueString() + " (pid "
                + producerId + " epoch " + producerEpoch + " seq " + sequence + ")";
    }
}
