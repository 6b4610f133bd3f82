package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into a complete wire frame, and reads response headers.
 *
 * <pre>
 * frame            = size INT32 (bytes after this field) | request header | body
 * request header   v1: api_key INT16 | api_version INT16 | correlation_id INT32 | client_id NULLABLE_STRING
 *                  v2: v1 fields | tagged fields (empty)
 * response header  v0: correlation_id INT32
 *                  v1: correlation_id INT32 | tagged fields
 * </pre>
 * client_id keeps its INT16 length prefix even in header v2: the header must stay readable by brokers before they
 * know whether the request version is flexible.
 */
public final class RequestFramer {

    private static final int SIZE_PREFIX_BYTES = 4;
    private static final int HEADER_FIXED_BYTES = 2 + 2 + 4;

    private RequestFramer() {
    }

    /**
     * Encodes {@code body} as one frame ready for a gathering write. For a {@link ProduceRequest} the array
     * alternates encoded pieces and each partition's records (a {@code duplicate()} view of the caller's buffer,
     * never a copy); for other bodies it has a single buffer. Every returned buffer is positioned at 0 of its data
     * and can be written in order.
     *
     * @throws UnsupportedVersionException if {@code version} is not implemented for the body's API
     */
    public static ByteBuffer[] frame(RequestBody body, short version, int correlationId, String clientId) {
        ApiKey key = body.apiKey();
        key.checkImplemented(version);
        int headerSize = headerSizeInBytes(key, version, clientId);
        int frameSize = Math.addExact(headerSize, body.sizeInBytes(version));
        if (body instanceof ProduceRequest produce) {
            return frameProduce(produce, version, correlationId, clientId, frameSize);
        }
        ByteBuffer buffer = ByteBuffer.allocate(SIZE_PREFIX_BYTES + frameSize);
        buffer.putInt(frameSize);
        writeHeader(buffer, key, version, correlationId, clientId);
        body.writeTo(buffer, version);
        checkFilled(buffer, key, version);
        buffer.flip();
        return new ByteBuffer[] {buffer};
    }

    private static ByteBuffer[] frameProduce(ProduceRequest produce, short version, int correlationId,
                                             String clientId, int frameSize) {
        int recordsSize = produce.recordsSizeInBytes();
        ByteBuffer encoded = ByteBuffer.allocate(SIZE_PREFIX_BYTES + frameSize - recordsSize);
        encoded.putInt(frameSize);
        writeHeader(encoded, ApiKey.PRODUCE, version, correlationId, clientId);
        List<Integer> splitPositions = new ArrayList<>();
        List<ByteBuffer> recordViews = new ArrayList<>();
        produce.writeTo(encoded, version, (target, records) -> {
            splitPositions.add(target.position());
            recordViews.add(records.duplicate());
        });
        checkFilled(encoded, ApiKey.PRODUCE, version);

        List<ByteBuffer> pieces = new ArrayList<>(2 * recordViews.size() + 1);
        int start = 0;
        for (int i = 0; i < recordViews.size(); i++) {
            int split = splitPositions.get(i);
            pieces.add(slice(encoded, start, split));
            pieces.add(recordViews.get(i));
            start = split;
        }
        if (start < encoded.capacity()) {
            pieces.add(slice(encoded, start, encoded.capacity()));
        }
        return pieces.toArray(new ByteBuffer[0]);
    }

    private static ByteBuffer slice(ByteBuffer buffer, int from, int to) {
        return buffer.duplicate().limit(to).position(from).slice();
    }

    private static void checkFilled(ByteBuffer buffer, ApiKey key, short version) {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(key.apiName() + " v" + version + ": size computed "
                    + buffer.remaining() + " bytes more than was written");
        }
    }

    /** Encoded size of the request header for {@code key} at {@code version}. */
    public static int headerSizeInBytes(ApiKey key, short version, String clientId) {
        int size = HEADER_FIXED_BYTES + Wire.sizeOfString(clientId, false);
        return key.requestHeaderVersion(version) >= 2 ? size + Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : size;
    }

    /** Writes the request header (v1 or v2 as the API version requires). */
    public static void writeHeader(ByteBuffer buffer, ApiKey key, short version, int correlationId, String clientId) {
        buffer.putShort(key.id());
        buffer.putShort(version);
        buffer.putInt(correlationId);
        Wire.writeString(buffer, clientId, false);
        if (key.requestHeaderVersion(version) >= 2) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    /**
     * Consumes the response header from {@code frameBody} (positioned just after the 4-byte size) and returns the
     * correlation id; afterwards the buffer is positioned at the response body.
     *
     * @throws ProtocolException if the header is truncated or malformed
     */
    public static int readResponseCorrelationId(ByteBuffer frameBody, ApiKey key, short version) {
        short headerVersion = key.responseHeaderVersion(version);
        WireReader reader = new WireReader(frameBody,
                key.apiName() + " v" + version + " response header", headerVersion >= 1);
        return reader.guard(() -> {
            int correlationId = reader.readInt32("correlation_id");
            reader.skipTaggedFields();
            return correlationId;
        });
    }
}
