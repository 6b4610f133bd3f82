package dev.vltava.producer.internal.record;

import static dev.vltava.producer.internal.record.RecordBatchLayout.*;

import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.DecompressionException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads one record batch v2 back: header fields, CRC check, and the records (decompressed through our codecs).
 * For tests, self-verification and the rare split of a batch the broker found too large; not for the hot path: it
 * allocates freely.
 */
public final class RecordBatchReader {
    /** Bound on decompressed records, against corrupt input. */
    private static final int MAX_DECOMPRESSED_SIZE_IN_BYTES = 256 * 1024 * 1024;

    private final ByteBuffer batch;

    /**
     * Wraps the batch that starts at {@code buffer.position()}; the buffer is not modified.
     *
     * @throws InvalidRecordBatchException if the bytes are too short for the header or for the declared Length, or
     *     the magic is not 2
     */
    public RecordBatchReader(ByteBuffer buffer) {
        ByteBuffer view = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        if (view.remaining() < HEADER_SIZE_IN_BYTES) {
            throw new InvalidRecordBatchException("batch of " + view.remaining() + " bytes is shorter than its header");
        }
        int size = view.getInt(LENGTH_OFFSET) + LOG_OVERHEAD_IN_BYTES;
        if (size < HEADER_SIZE_IN_BYTES || size > view.remaining()) {
            throw new InvalidRecordBatchException("batch Length " + (size - LOG_OVERHEAD_IN_BYTES)
                    + " does not fit the " + view.remaining() + " bytes available");
        }
        if (view.get(MAGIC_OFFSET) != MAGIC) {
            throw new InvalidRecordBatchException("unsupported magic " + view.get(MAGIC_OFFSET));
        }
        this.batch = view.limit(size).slice();
    }

    /** Reads consecutive batches from {@code buffer.position()} to its limit (the buffer is not modified). */
    public static List<RecordBatchReader> readAll(ByteBuffer buffer) {
        List<RecordBatchReader> batches = new ArrayList<>();
        ByteBuffer view = buffer.duplicate();
        while (view.hasRemaining()) {
            RecordBatchReader reader = new RecordBatchReader(view);
            batches.add(reader);
            view.position(view.position() + reader.sizeInBytes());
        }
        return batches;
    }

    public int sizeInBytes() {
        return batch.limit();
    }

    public long baseOffset() {
        return batch.getLong(BASE_OFFSET_OFFSET);
    }

    public int partitionLeaderEpoch() {
        return batch.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return batch.get(MAGIC_OFFSET);
    }

    public int storedCrc() {
        return batch.getInt(CRC_OFFSET);
    }

    /** CRC-32C over Attributes to the end, as it should be stored. */
    public int computedCrc() {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(ATTRIBUTES_OFFSET));
        return (int) crc.getValue();
    }

    public boolean isCrcValid() {
        return storedCrc() == computedCrc();
    }

    /** @throws InvalidRecordBatchException if the CRC does not match */
    public void ensureValid() {
        if (!isCrcValid()) {
            throw new InvalidRecordBatchException("batch CRC mismatch: stored " + Integer.toUnsignedString(storedCrc())
                    + ", computed " + Integer.toUnsignedString(computedCrc()));
        }
    }

    public short attributes() {
        return batch.getShort(ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public boolean isLogAppendTime() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return batch.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long baseTimestamp() {
        return batch.getLong(BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return batch.getLong(MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return batch.getLong(PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return batch.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return batch.getInt(BASE_SEQUENCE_OFFSET);
    }

    public int recordCount() {
        return batch.getInt(RECORDS_COUNT_OFFSET);
    }

    /** The records section, decompressed when the batch has a codec. */
    public ByteBuffer uncompressedRecords() {
        ByteBuffer records = batch.duplicate().position(RECORDS_OFFSET).slice();
        CompressionType type = compressionType();
        if (type == CompressionType.NONE) {
            return records;
        }
        try {
            return Codecs.decompressor(type).decompress(records, MAX_DECOMPRESSED_SIZE_IN_BYTES);
        } catch (DecompressionException e) {
            throw new InvalidRecordBatchException("cannot decompress " + type + " records: " + e.getMessage(), e);
        }
    }

    /**
     * All records, with absolute offsets and timestamps (log append time batches report MaxTimestamp for every record).
     *
     * @throws InvalidRecordBatchException if the records do not parse, their count differs from RecordsCount, or bytes
     *     are left over
     */
    public List<DecodedRecord> records() {
        ByteBuffer in = uncompressedRecords();
        int count = recordCount();
        if (count < 0) {
            throw new InvalidRecordBatchException("negative RecordsCount " + count);
        }
        List<DecodedRecord> records = new ArrayList<>(Math.min(count, 1024));
        try {
            for (int i = 0; i < count; i++) {
                records.add(readRecord(in));
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new InvalidRecordBatchException("truncated or corrupt record " + records.size() + ": " + e, e);
        }
        if (in.hasRemaining()) {
            throw new InvalidRecordBatchException(in.remaining() + " bytes left after " + count + " records");
        }
        return records;
    }

    private DecodedRecord readRecord(ByteBuffer in) {
        int bodySize = Varints.readVarint(in);
        if (bodySize < 0 || bodySize > in.remaining()) {
            throw new InvalidRecordBatchException("record Length " + bodySize + " overruns the batch");
        }
        int end = in.position() + bodySize;
        in.get(); // record attributes: unused
        long timestampDelta = Varints.readVarlong(in);
        int offsetDelta = Varints.readVarint(in);
        byte[] key = readBytesField(in);
        byte[] value = readBytesField(in);
        int headerCount = Varints.readVarint(in);
        if (headerCount < 0) {
            throw new InvalidRecordBatchException("negative header count " + headerCount);
        }
        List<DecodedRecord.Header> headers = new ArrayList<>(Math.min(headerCount, 64));
        for (int i = 0; i < headerCount; i++) {
            byte[] headerKey = readBytesField(in);
            if (headerKey == null) {
                throw new InvalidRecordBatchException("null header key");
            }
            headers.add(new DecodedRecord.Header(new String(headerKey, StandardCharsets.UTF_8), readBytesField(in)));
        }
        if (in.position() != end) {
            throw new InvalidRecordBatchException("record Length " + bodySize + " disagrees with its fields");
        }
        long timestamp = isLogAppendTime() ? maxTimestamp() : baseTimestamp() + timestampDelta;
        return new DecodedRecord(baseOffset() + offsetDelta, timestamp, offsetDelta, timestampDelta, key, value,
                List.copyOf(headers));
    }

    private static byte[] readBytesField(ByteBuffer in) {
        int length = Varints.readVarint(in);
        if (length < 0) {
            return null;
        }
        if (length > in.remaining()) {
            throw new InvalidRecordBatchException("field of " + length + " bytes overruns the record");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
