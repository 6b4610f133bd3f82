package dev.vltava.producer.internal.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;

/**
 * snappy in the xerial stream framing that the Java client writes (and that every Kafka client can read):
 *
 * <pre>
 *  0                          8           12          16
 *  +--------------------------+-----------+-----------+------------+---------------+-----
 *  | 82 'S' 'N' 'A' 'P' 'P' 'Y' 00 | version=1 | compat=1  | chunk length | snappy block  | ...
 *  |        magic (8)         | i32 BE    | i32 BE    | i32 BE       | (raw format)  |
 *  +--------------------------+-----------+-----------+------------+---------------+-----
 * </pre>
 *
 * Each block compresses at most {@value #CHUNK_SIZE_IN_BYTES} input bytes, the block size of xerial's
 * {@code SnappyOutputStream} default. The decoder also accepts a raw (unframed) snappy block, which librdkafka and
 * franz-go write.
 */
final class SnappyCodec {
    static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    static final int VERSION = 1;
    static final int MIN_COMPATIBLE_VERSION = 1;
    static final int HEADER_SIZE_IN_BYTES = 16;
    static final int CHUNK_LENGTH_SIZE_IN_BYTES = 4;
    static final int CHUNK_SIZE_IN_BYTES = 32 * 1024;

    private SnappyCodec() {
    }

    static final class Compressor extends AbstractBatchCompressor {
        @Override
        public CompressionType type() {
            return CompressionType.SNAPPY;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            int start = dst.position();
            if (dst.remaining() < HEADER_SIZE_IN_BYTES) {
                return -1;
            }
            dst.put(MAGIC).putInt(VERSION).putInt(MIN_COMPATIBLE_VERSION);
            // snappy's native compressor does not bound its output, so each block goes through a staging array of
            // the worst-case size and is copied only if it fits
            byte[] block = stagingOut(Snappy.maxCompressedLength(CHUNK_SIZE_IN_BYTES));
            while (src.hasRemaining()) {
                int chunkLength = Math.min(CHUNK_SIZE_IN_BYTES, src.remaining());
                int index = src.position();
                byte[] input = inputArray(src, index, chunkLength);
                int blockLength;
                try {
                    blockLength = Snappy.compress(input, inputArrayOffset(src, index), chunkLength, block, 0);
                } catch (IOException e) {
                    throw new IllegalStateException("snappy compression failed", e);
                }
                if (dst.remaining() < CHUNK_LENGTH_SIZE_IN_BYTES + blockLength) {
                    return -1;
                }
                dst.putInt(blockLength).put(block, 0, blockLength);
                src.position(index + chunkLength);
            }
            return dst.position() - start;
        }
    }

    static final class Decompressor implements BatchDecompressor {
        @Override
        public CompressionType type() {
            return CompressionType.SNAPPY;
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            byte[] input = GrowableOutput.toArray(src);
            try {
                return hasXerialHeader(input) ? decompressFramed(input, maxOutputBytes)
                        : decompressRaw(input, 0, input.length, new GrowableOutput(input.length * 2, maxOutputBytes))
                        .toBuffer();
            } catch (IOException | RuntimeException e) {
                if (e instanceof DecompressionException) {
                    throw (DecompressionException) e;
                }
                throw new DecompressionException("corrupt snappy records: " + e.getMessage(), e);
            }
        }

        private static boolean hasXerialHeader(byte[] input) {
            if (input.length < HEADER_SIZE_IN_BYTES) {
                return false;
            }
            for (int i = 0; i < MAGIC.length; i++) {
                if (input[i] != MAGIC[i]) {
                    return false;
                }
            }
            return true;
        }

        private static ByteBuffer decompressFramed(byte[] input, int maxOutputBytes) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(input);
            in.position(MAGIC.length);
            int version = in.getInt();
            int compatibleVersion = in.getInt();
            if (compatibleVersion > VERSION) {
                throw new DecompressionException("unsupported xerial snappy stream version " + version
                        + " (compatible " + compatibleVersion + ")");
            }
            GrowableOutput out = new GrowableOutput(input.length * 2, maxOutputBytes);
            while (in.hasRemaining()) {
                if (in.remaining() < CHUNK_LENGTH_SIZE_IN_BYTES) {
                    throw new DecompressionException("truncated xerial snappy chunk length");
                }
                int blockLength = in.getInt();
                if (blockLength < 0 || blockLength > in.remaining()) {
                    throw new DecompressionException("xerial snappy chunk of " + blockLength + " bytes overruns the "
                            + in.remaining() + " remaining bytes");
                }
                decompressRaw(input, in.position(), blockLength, out);
                in.position(in.position() + blockLength);
            }
            return out.toBuffer();
        }

        private static GrowableOutput decompressRaw(byte[] input, int offset, int length, GrowableOutput out)
                throws IOException {
            int uncompressedLength = Snappy.uncompressedLength(input, offset, length);
            out.ensureRoom(uncompressedLength);
            int written = Snappy.uncompress(input, offset, length, out.array(), out.size());
            out.advance(written);
            return out;
        }
    }
}
