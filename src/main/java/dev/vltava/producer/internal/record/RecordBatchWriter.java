package dev.vltava.producer.internal.record;

import static dev.vltava.producer.internal.record.RecordBatchLayout.*;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressionType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes one record batch v2 into a caller-provided (pooled) buffer: records are appended uncompressed, then the batch
 * is sealed (header totals written, records compressed in place), then stamped (producer id, epoch, base sequence,
 * transactional bit, CRC). Life cycle: {@code tryAppend* -> seal -> stamp (again after an epoch bump) -> sealedBuffer}.
 *
 * <p>The writer takes over the buffer: it writes from index 0 up to the buffer's capacity, clears it and sets it big
 * endian. Appending allocates nothing; header keys are UTF-8 encoded straight into the buffer.
 *
 * <p>Not thread safe. The caller provides the happens-before edges (the accumulator's partition lock for appends, the
 * hand-over to the sender thread for sealing and stamping).
 */
public final class RecordBatchWriter {
    private final boolean logAppendTime;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;
    private long baseTimestamp;
    private int writeIndex;
    private int recordCount;
    private long maxTimestamp;
    private int uncompressedSizeInBytes;
    private short attributes;
    private CompressionType compressionType;
    private boolean sealed;
    /** Set by {@link #seal}: the records' bytes before compression. */
    private int uncompressedRecordsBytes;
    private boolean stamped;
    /** Where appends must stop: the buffer's capacity, or less ({@link #limitAppendsTo}). */
    private int appendLimit;

    /**
     * @param buffer the batch buffer, written from index 0 up to its capacity (must hold at least the 61-byte header)
     * @param baseTimestamp the batch's BaseTimestamp; record timestamps are stored as deltas from it (may be negative)
     * @param logAppendTime sets the timestamp type attribute bit (log append time rather than create time)
     */
    public RecordBatchWriter(ByteBuffer buffer, long baseTimestamp, boolean logAppendTime) {
        this.logAppendTime = logAppendTime;
        reset(buffer, baseTimestamp);
    }

    /** Starts a new, empty batch in {@code buffer}, keeping this writer's timestamp type; forgets the previous batch. */
    public void reset(ByteBuffer buffer, long baseTimestamp) {
        if (buffer.capacity() < HEADER_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("batch buffer of " + buffer.capacity() + " bytes cannot hold the "
                    + HEADER_SIZE_IN_BYTES + "-byte batch header");
        }
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("batch buffer is read-only");
        }
        this.buffer = buffer;
        this.appendLimit = buffer.capacity();
        buffer.clear().order(ByteOrder.BIG_ENDIAN);
        this.baseTimestamp = baseTimestamp;
        this.writeIndex = HEADER_SIZE_IN_BYTES;
        this.recordCount = 0;
        this.maxTimestamp = NO_TIMESTAMP;
        this.uncompressedSizeInBytes = HEADER_SIZE_IN_BYTES;
        this.attributes = logAppendTime ? TIMESTAMP_TYPE_MASK : 0;
        this.compressionType = CompressionType.NONE;
        this.sealed = false;
        this.stamped = false;
        buffer.putLong(BASE_OFFSET_OFFSET, 0L);
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, NO_PARTITION_LEADER_EPOCH);
        buffer.put(MAGIC_OFFSET, MAGIC);
        buffer.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        writeProducerState(NO_PRODUCER_ID, NO_PRODUCER_EPOCH, NO_SEQUENCE);
    }

    /**
     * Moves the open batch into a bigger buffer (a copy of the bytes written so far); later appends and the seal
     * write there. The old buffer is no longer touched: its owner may reuse it.
     *
     * @throws IllegalStateException after {@link #seal}
     * @throws IllegalArgumentException if {@code bigger} is read-only or smaller than the bytes written so far
     */
    public void moveTo(ByteBuffer bigger) {
        if (sealed) {
            throw new IllegalStateException("batch is sealed");
        }
        if (bigger.isReadOnly() || bigger.capacity() < writeIndex) {
            throw new IllegalArgumentException("cannot move a batch of " + writeIndex + " bytes into a "
                    + (bigger.isReadOnly() ? "read-only " : "") + "buffer of " + bigger.capacity() + " bytes");
        }
        bigger.clear().order(ByteOrder.BIG_ENDIAN);
        bigger.put(0, buffer, 0, writeIndex);
        buffer = bigger;
        appendLimit = bigger.capacity();
    }

    /**
     * Appends stop at {@code bytes} (or at the bytes written so far, if more) rather than at the buffer's end, until
     * the next {@link #reset} or {@link #moveTo}: for a batch in a buffer bigger than the batch may become (a pool
     * short of memory may hand out a bigger buffer than was asked for). The seal may still use the whole buffer.
     */
    public void limitAppendsTo(int bytes) {
        appendLimit = Math.min(buffer.capacity(), Math.max(bytes, writeIndex));
    }

    // ---------------------------------------------------------------------------------------------------- sizes

    /**
     * Exact encoded size of one record, including its leading Length varint.
     *
     * @return the size, or {@link Integer#MAX_VALUE} if it would not fit in an int
     */
    public static int sizeOfRecord(int offsetDelta, long timestampDelta, byte[] key, byte[] value,
            RecordHeader[] headers) {
        long bodySize = sizeOfRecordBody(offsetDelta, timestampDelta, key, value, headers);
        return saturatedInt(Varints.sizeOfVarint(saturatedInt(bodySize)) + bodySize);
    }

    /**
     * An upper bound of the size of a batch holding only this record: the batch header plus the record with
     * worst-case varints for its length, timestamp delta and offset delta. Compression never makes a batch larger
     * (a batch that does not shrink is sent uncompressed), so this bounds the bytes on the wire too.
     *
     * @return the bound, or {@link Integer#MAX_VALUE} if it would not fit in an int
     */
    public static int estimateMaxSizeInBytes(byte[] key, byte[] value, RecordHeader[] headers) {
        long payload = sizeOfBytesField(key) + sizeOfBytesField(value) + sizeOfHeaders(headers);
        return saturatedInt(HEADER_SIZE_IN_BYTES + MAX_RECORD_OVERHEAD_IN_BYTES + payload);
    }

    private static long sizeOfRecordBody(int offsetDelta, long timestampDelta, byte[] key, byte[] value,
            RecordHeader[] headers) {
        return 1 // attributes
                + Varints.sizeOfVarlong(timestampDelta)
                + Varints.sizeOfVarint(offsetDelta)
                + sizeOfBytesField(key)
                + sizeOfBytesField(value)
                + sizeOfHeaders(headers);
    }

    private static long sizeOfBytesField(byte[] bytes) {
        return bytes == null ? 1 : Varints.sizeOfVarint(bytes.length) + (long) bytes.length;
    }

    private static long sizeOfHeaders(RecordHeader[] headers) {
        int count = headers == null ? 0 : headers.length;
        long size = Varints.sizeOfVarint(count);
        for (int i = 0; i < count; i++) {
            int keyLength = Utf8.encodedLength(headerKey(headers[i]));
            size += Varints.sizeOfVarint(keyLength) + keyLength + sizeOfBytesField(headers[i].value());
        }
        return size;
    }

    private static String headerKey(RecordHeader header) {
        String key = header.key();
        if (key == null) {
            throw new NullPointerException("record header key is null");
        }
        return key;
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------------------------------------------- append

    /**
     * Appends a record if it fits in the remaining capacity; otherwise writes nothing and returns false.
     *
     * @param key may be null
     * @param value may be null
     * @param headers may be null or empty; header keys must not be null
     * @throws IllegalStateException after {@link #seal}
     */
    public boolean tryAppend(long timestampMs, byte[] key, byte[] value, RecordHeader[] headers) {
        if (sealed) {
            throw new IllegalStateException("batch is sealed");
        }
        int offsetDelta = recordCount;
        long timestampDelta = timestampMs - baseTimestamp;
        long bodySize = sizeOfRecordBody(offsetDelta, timestampDelta, key, value, headers);
        if (bodySize + Varints.MAX_VARINT_SIZE_IN_BYTES > Integer.MAX_VALUE
                || Varints.sizeOfVarint((int) bodySize) + bodySize > appendLimit - writeIndex) {
            return false;
        }
        int index = Varints.writeVarint(buffer, writeIndex, (int) bodySize);
        buffer.put(index++, (byte) 0); // record attributes: unused
        index = Varints.writeVarlong(buffer, index, timestampDelta);
        index = Varints.writeVarint(buffer, index, offsetDelta);
        index = writeBytesField(index, key);
        index = writeBytesField(index, value);
        writeIndex = writeHeaders(index, headers);
        uncompressedSizeInBytes = writeIndex;
        recordCount++;
        if (timestampMs > maxTimestamp) {
            maxTimestamp = timestampMs;
        }
        return true;
    }

    private int writeBytesField(int index, byte[] bytes) {
        if (bytes == null) {
            return Varints.writeVarint(buffer, index, -1);
        }
        index = Varints.writeVarint(buffer, index, bytes.length);
        buffer.put(index, bytes);
        return index + bytes.length;
    }

    private int writeHeaders(int index, RecordHeader[] headers) {
        int count = headers == null ? 0 : headers.length;
        index = Varints.writeVarint(buffer, index, count);
        for (int i = 0; i < count; i++) {
            String key = headers[i].key();
            index = Varints.writeVarint(buffer, index, Utf8.encodedLength(key));
            index = Utf8.write(buffer, index, key);
            index = writeBytesField(index, headers[i].value());
        }
        return index;
    }

    /** The records section's bytes before compression (valid once sealed). */
    public int uncompressedRecordsBytes() {
        return uncompressedRecordsBytes;
    }

    /** The records section's bytes as sent: compressed, or as they were if compression did not shrink them. */
    public int sentRecordsBytes() {
        return writeIndex - RECORDS_OFFSET;
    }

    // ---------------------------------------------------------------------------------------------------- seal

    /**
     * Closes the batch for appends: writes RecordsCount, LastOffsetDelta, MaxTimestamp and Length, and compresses the
     * records section in place. If the compressed stream is not smaller than the records, the batch stays
     * uncompressed (codec bits none) — sealing never fails for incompressible data.
     *
     * @param compressor the sender thread's compressor; null or type none means no compression
     * @throws IllegalStateException if already sealed
     */
    public void seal(BatchCompressor compressor) {
        if (sealed) {
            throw new IllegalStateException("batch is already sealed");
        }
        uncompressedRecordsBytes = writeIndex - RECORDS_OFFSET;
        if (compressor != null && compressor.type() != CompressionType.NONE && recordCount > 0) {
            compressRecordsInPlace(compressor); // changes nothing if it throws, so a failed seal may be retried
        }
        sealed = true;
        attributes = (short) ((attributes & ~COMPRESSION_CODEC_MASK) | compressionType.id());
        buffer.putShort(ATTRIBUTES_OFFSET, attributes);
        buffer.putInt(LAST_OFFSET_DELTA_OFFSET, recordCount - 1);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(RECORDS_COUNT_OFFSET, recordCount);
        buffer.putInt(LENGTH_OFFSET, writeIndex - LOG_OVERHEAD_IN_BYTES);
    }

    private void compressRecordsInPlace(BatchCompressor compressor) {
        int recordsLength = writeIndex - RECORDS_OFFSET;
        // a destination one byte smaller than the records: the compressor gives up (-1) as soon as it can't win
        ByteBuffer scratch = compressor.scratchBuffer(recordsLength, buffer.isDirect());
        scratch.limit(recordsLength - 1);
        buffer.limit(writeIndex).position(RECORDS_OFFSET);
        int compressedLength;
        try {
            compressedLength = compressor.compress(buffer, scratch);
        } finally {
            buffer.clear();
        }
        if (compressedLength < 0 || compressedLength >= recordsLength) {
            return;
        }
        buffer.put(RECORDS_OFFSET, scratch, 0, compressedLength);
        writeIndex = RECORDS_OFFSET + compressedLength;
        compressionType = compressor.type();
    }

    // ---------------------------------------------------------------------------------------------------- stamp

    /**
     * Writes the producer state and the transactional bit, then the CRC. May be called again (after an epoch bump or
     * a sequence rewrite); each call recomputes the CRC. Non-idempotent producers stamp (-1, -1, -1, false).
     *
     * @throws IllegalStateException if the batch is not sealed yet
     */
    public void stamp(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (!sealed) {
            throw new IllegalStateException("seal the batch before stamping it");
        }
        writeProducerState(producerId, producerEpoch, baseSequence);
        attributes = (short) (transactional ? attributes | TRANSACTIONAL_FLAG_MASK
                : attributes & ~TRANSACTIONAL_FLAG_MASK);
        buffer.putShort(ATTRIBUTES_OFFSET, attributes);
        buffer.limit(writeIndex).position(ATTRIBUTES_OFFSET);
        crc.reset();
        crc.update(buffer);
        buffer.clear();
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());
        stamped = true;
    }

    private void writeProducerState(long producerId, short producerEpoch, int baseSequence) {
        buffer.putLong(PRODUCER_ID_OFFSET, producerId);
        buffer.putShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        buffer.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
    }

    /** Sets PartitionLeaderEpoch, which the CRC does not cover, so it may be set at any time. */
    public void setPartitionLeaderEpoch(int partitionLeaderEpoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
    }

    /**
     * A new read-only view of the finished batch, position 0, limit {@link #sizeInBytes()}, ready to write to the
     * network. It shares the writer's buffer: a later {@link #stamp} shows through it.
     *
     * @throws IllegalStateException unless sealed and stamped
     */
    public ByteBuffer sealedBuffer() {
        if (!stamped) {
            throw new IllegalStateException(sealed ? "stamp the batch before sending it" : "batch is not sealed");
        }
        ByteBuffer view = buffer.asReadOnlyBuffer();
        view.limit(writeIndex);
        return view;
    }

    // ---------------------------------------------------------------------------------------------------- state

    public int recordCount() {
        return recordCount;
    }

    /** Bytes written so far including the header; after sealing, the size of the (possibly compressed) batch. */
    public int sizeInBytes() {
        return writeIndex;
    }

    /** Size the batch had (or would have) uncompressed, including the header. */
    public int uncompressedSizeInBytes() {
        return uncompressedSizeInBytes;
    }

    /** Bytes still free for appends; 0 once sealed. */
    public int remainingCapacity() {
        return sealed ? 0 : appendLimit - writeIndex;
    }

    /** The largest record timestamp so far, or -1 (no timestamp) while empty. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    public long baseTimestamp() {
        return baseTimestamp;
    }

    public boolean isEmpty() {
        return recordCount == 0;
    }

    public boolean isSealed() {
        return sealed;
    }

    /** The codec actually applied by {@link #seal}: none before sealing, or when compression did not pay off. */
    public CompressionType compressionType() {
        return compressionType;
    }

    /** The buffer this writer writes into (for returning it to its pool). */
    public ByteBuffer buffer() {
        return buffer;
    }
}
