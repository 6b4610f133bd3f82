package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;

/** Test helpers around the official kafka-clients codecs, used only as a verifier. */
final class Official {

    private Official() {
    }

    /** Encodes {@code message} at {@code version} with the official generated code; returns a flipped buffer. */
    static ByteBuffer serialize(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        message.addSize(size, cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size.totalSize());
        message.write(new ByteBufferAccessor(buffer), cache, version);
        buffer.flip();
        return buffer;
    }

    /** Official response header followed by the body, as a broker would send after the size prefix. */
    static ByteBuffer serializeWithHeader(int correlationId, short headerVersion, Message body, short version) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        if (headerVersion >= 1) {
            header.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {1, 2, 3}));
        }
        return concat(serialize(header, headerVersion), serialize(body, version));
    }

    static ByteBuffer concat(ByteBuffer... pieces) {
        int total = 0;
        for (ByteBuffer piece : pieces) {
            total += piece.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer piece : pieces) {
            all.put(piece.duplicate());
        }
        return all.flip();
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static Stream<Short> versions(ApiKey key) {
        return IntStream.rangeClosed(key.minVersion(), key.maxVersion()).mapToObj(v -> (short) v);
    }

    /** An unknown tagged field, to check our readers skip what they do not know. */
    static RawTaggedField unknownTag(int tag) {
        return new RawTaggedField(tag, new byte[] {9, 8, 7, 6});
    }
}
