package dev.vltava.producer.internal.compress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * gzip (RFC 1952): one member holding a raw deflate stream, written straight into the destination buffer with a
 * reused {@link Deflater} so a batch costs no allocation.
 *
 * <pre>
 *  0      2    3     4        8     9    10                        n-8       n-4      n
 *  +------+----+-----+--------+-----+----+------ ... ------+--------+--------+
 *  |1F 8B | CM | FLG | MTIME  | XFL | OS | deflate stream   | CRC32  | ISIZE  |
 *  |      | 08 | 00  | 0 (LE) | 00  | FF |                  | (LE)   | (LE)   |
 *  +------+----+-----+--------+-----+----+------ ... ------+--------+--------+
 * </pre>
 */
final class GzipCodec {
    static final int HEADER_SIZE_IN_BYTES = 10;
    static final int TRAILER_SIZE_IN_BYTES = 8;
    /** ID1 ID2 CM=deflate FLG=none MTIME=0 XFL=0 OS=unknown. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private GzipCodec() {
    }

    static final class Compressor extends AbstractBatchCompressor {
        private final Deflater deflater;
        private final CRC32 crc = new CRC32();

        Compressor(int level) {
            CompressionType.GZIP.validateLevel(level);
            // nowrap: we write the gzip header and trailer ourselves around the raw deflate stream
            this.deflater = new Deflater(level == CompressionType.GZIP.defaultLevel() ? Deflater.DEFAULT_COMPRESSION
                    : level, true);
        }

        @Override
        public CompressionType type() {
            return CompressionType.GZIP;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            int start = dst.position();
            int inputLength = src.remaining();
            if (dst.remaining() < HEADER_SIZE_IN_BYTES + TRAILER_SIZE_IN_BYTES) {
                return -1;
            }
            dst.put(HEADER);
            crc.reset();
            int srcStart = src.position();
            crc.update(src);
            src.position(srcStart);
            int savedLimit = dst.limit();
            dst.limit(savedLimit - TRAILER_SIZE_IN_BYTES); // keep room for the trailer
            boolean finished;
            try {
                finished = deflateAll(src, dst);
            } finally {
                deflater.reset(); // also drops the reference to the caller's buffer
                dst.limit(savedLimit);
            }
            if (!finished) {
                return -1;
            }
            dst.putInt(Integer.reverseBytes((int) crc.getValue()));
            dst.putInt(Integer.reverseBytes(inputLength)); // ISIZE is the length modulo 2^32
            return dst.position() - start;
        }

        private boolean deflateAll(ByteBuffer src, ByteBuffer dst) {
            deflater.setInput(src);
            deflater.finish();
            while (!deflater.finished()) {
                if (!dst.hasRemaining()) {
                    return false;
                }
                deflater.deflate(dst);
            }
            return true;
        }

        @Override
        public void close() {
            deflater.end();
        }
    }

    static final class Decompressor implements BatchDecompressor {
        @Override
        public CompressionType type() {
            return CompressionType.GZIP;
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            GrowableOutput out = new GrowableOutput(src.remaining() * 4, maxOutputBytes);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(GrowableOutput.toArray(src)))) {
                out.readFully(in);
            } catch (IOException e) {
                throw new DecompressionException("corrupt gzip records: " + e.getMessage(), e);
            }
            return out.toBuffer();
        }
    }
}
