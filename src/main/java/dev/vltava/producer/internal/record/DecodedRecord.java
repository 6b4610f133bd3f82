package dev.vltava.producer.internal.record;

import java.util.List;

/**
 * One record as read back by {@link RecordBatchReader}: absolute offset and timestamp resolved against the batch.
 * Arrays are copies owned by this object. (Equality of the arrays is by reference, as for any record of arrays.)
 */
public record DecodedRecord(long offset, long timestamp, int offsetDelta, long timestampDelta, byte[] key,
        byte[] value, List<Header> headers) {

    /** A decoded header. */
    public record Header(String key, byte[] value) implements RecordHeader {
    }
}
