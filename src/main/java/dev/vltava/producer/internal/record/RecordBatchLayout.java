package dev.vltava.producer.internal.record;

/**
 * Byte layout of a record batch v2 (magic 2). All integers big endian.
 *
 * <pre>
 *  offset  size  field
 *  ------  ----  ---------------------------------------------------------------
 *       0     8  BaseOffset            i64   0 from a producer; the broker assigns
 *       8     4  Length                i32   bytes after this field (size - 12)
 *      12     4  PartitionLeaderEpoch  i32   -1 from a producer; NOT covered by the CRC
 *      16     1  Magic                 i8    2
 *      17     4  CRC                   u32   CRC-32C of bytes [21, end)
 *      21     2  Attributes            i16   ---+ CRC-32C covers from here ...
 *      23     4  LastOffsetDelta       i32      |
 *      27     8  BaseTimestamp         i64      |
 *      35     8  MaxTimestamp          i64      |
 *      43     8  ProducerId            i64      |
 *      51     2  ProducerEpoch         i16      |
 *      53     4  BaseSequence          i32      |
 *      57     4  RecordsCount          i32      |   (never compressed)
 *      61     n  Records                        |   (compressed as one stream when a codec is set)
 *                                            ---+ ... to the end
 *
 *  Attributes (i16):
 *   bit  15 .. 7 | 6              | 5       | 4             | 3              | 2 1 0
 *        unused  | delete horizon | control | transactional | timestamp type | codec (0 none, 1 gzip, 2 snappy,
 *                                                             0 create time,   3 lz4, 4 zstd)
 *                                                             1 log append
 * </pre>
 *
 * A record inside the Records section (varints are zig-zag, as protobuf's sint32/sint64):
 * <pre>
 *  Length varint | Attributes i8 (0) | TimestampDelta varlong | OffsetDelta varint | KeyLength varint (-1 = null) |
 *  Key | ValueLength varint (-1 = null) | Value | HeadersCount varint |
 *  per header: HeaderKeyLength varint | HeaderKey UTF-8 | HeaderValueLength varint (-1 = null) | HeaderValue
 * </pre>
 */
public final class RecordBatchLayout {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BASE_OFFSET_LENGTH = 8;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + BASE_OFFSET_LENGTH;
    public static final int LENGTH_LENGTH = 4;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_LENGTH = 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + PARTITION_LEADER_EPOCH_LENGTH;
    public static final int MAGIC_LENGTH = 1;
    public static final int CRC_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int CRC_LENGTH = 4;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + CRC_LENGTH;
    public static final int ATTRIBUTES_LENGTH = 2;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int LAST_OFFSET_DELTA_LENGTH = 4;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + LAST_OFFSET_DELTA_LENGTH;
    public static final int BASE_TIMESTAMP_LENGTH = 8;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + BASE_TIMESTAMP_LENGTH;
    public static final int MAX_TIMESTAMP_LENGTH = 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + MAX_TIMESTAMP_LENGTH;
    public static final int PRODUCER_ID_LENGTH = 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    public static final int PRODUCER_EPOCH_LENGTH = 2;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + PRODUCER_EPOCH_LENGTH;
    public static final int BASE_SEQUENCE_LENGTH = 4;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + BASE_SEQUENCE_LENGTH;
    public static final int RECORDS_COUNT_LENGTH = 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + RECORDS_COUNT_LENGTH;

    /** Size of the batch header, i.e. of an empty batch. */
    public static final int HEADER_SIZE_IN_BYTES = RECORDS_OFFSET;
    /** BaseOffset and Length: the bytes that the Length field does not count. */
    public static final int LOG_OVERHEAD_IN_BYTES = LENGTH_OFFSET + LENGTH_LENGTH;

    public static final byte MAGIC = 2;

    public static final short COMPRESSION_CODEC_MASK = 0x07;
    public static final short TIMESTAMP_TYPE_MASK = 0x08;
    public static final short TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final short CONTROL_FLAG_MASK = 0x20;
    public static final short DELETE_HORIZON_FLAG_MASK = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = (short) -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    /**
     * Worst-case bytes of a record besides its key, value and headers: Length varint (5), Attributes (1),
     * TimestampDelta varlong (10), OffsetDelta varint (5).
     */
    public static final int MAX_RECORD_OVERHEAD_IN_BYTES = 5 + 1 + 10 + 5;

    private RecordBatchLayout() {
    }
}
