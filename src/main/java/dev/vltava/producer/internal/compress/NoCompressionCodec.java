package dev.vltava.producer.internal.compress;

import java.nio.ByteBuffer;

/** The identity codec, so callers need no special case for {@code compression.type=none}. */
final class NoCompressionCodec {
    private NoCompressionCodec() {
    }

    static final class Compressor extends AbstractBatchCompressor {
        @Override
        public CompressionType type() {
            return CompressionType.NONE;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            int length = src.remaining();
            if (length > dst.remaining()) {
                return -1;
            }
            dst.put(src);
            return length;
        }
    }

    static final class Decompressor implements BatchDecompressor {
        @Override
        public CompressionType type() {
            return CompressionType.NONE;
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            if (src.remaining() > maxOutputBytes) {
                throw new DecompressionException("uncompressed records of " + src.remaining()
                        + " bytes exceed the limit of " + maxOutputBytes);
            }
            ByteBuffer copy = ByteBuffer.allocate(src.remaining());
            copy.put(src.duplicate());
            return copy.flip();
        }
    }
}
