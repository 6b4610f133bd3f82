package dev.vltava.producer.internal.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4 frame spec v1.5.1) as Kafka expects it for magic 2: independent 64 KiB blocks, no block
 * checksums, no content size, no content checksum, and the <em>correct</em> header checksum (the pre-KIP-57 broken
 * checksum only applies to magic 0). All integers little endian.
 *
 * <pre>
 *  0           4     5     6     7
 *  +-----------+-----+-----+-----+------------------+-----------------+-- ... --+-----------+
 *  | 04 22 4D 18 | FLG | BD  | HC  | block size (u32) | block data      |         | 00000000  |
 *  | magic     | 60  | 40  |     | bit 31 = stored  | (size bytes)    |  more   | end mark  |
 *  +-----------+-----+-----+-----+------------------+-----------------+-- ... --+-----------+
 *   FLG 0x60 = version 01, block independence; BD 0x40 = 64 KiB max block size;
 *   HC = (xxh32(FLG, BD; seed 0) >> 8) &amp; 0xFF.
 * </pre>
 *
 * Level 9 (the default) selects the fast compressor; any other level selects LZ4 HC at that level, like the Java
 * client. A block that does not shrink is stored uncompressed (bit 31 of its size set).
 */
final class Lz4FrameCodec {
    static final int MAGIC = 0x184D2204;
    static final int FLG_VERSION_01 = 0x40;
    static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_DICTIONARY_ID = 0x01;
    static final int FLG_VERSION_MASK = 0xC0;
    static final byte FLG = (byte) (FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE);
    /** Block maximum size code 4 = 64 KiB, in bits 4-6. */
    static final byte BD_64_KIB = 4 << 4;
    static final int BLOCK_SIZE_IN_BYTES = 64 * 1024;
    static final int HEADER_SIZE_IN_BYTES = 7;
    static final int BLOCK_SIZE_FIELD_IN_BYTES = 4;
    static final int END_MARK_SIZE_IN_BYTES = 4;
    static final int UNCOMPRESSED_BLOCK_FLAG = 0x80000000;

    private Lz4FrameCodec() {
    }

    /** The header checksum byte over the frame descriptor (FLG, BD and any optional fields). */
    static byte headerChecksum(XXHash32 xxhash, byte[] descriptor, int offset, int length) {
        return (byte) ((xxhash.hash(descriptor, offset, length, 0) >> 8) & 0xFF);
    }

    static final class Compressor extends AbstractBatchCompressor {
        private final LZ4Compressor compressor;
        private final byte headerChecksum;

        Compressor(int level) {
            CompressionType.LZ4.validateLevel(level);
            LZ4Factory factory = LZ4Factory.fastestInstance();
            this.compressor = level == CompressionType.LZ4.defaultLevel() ? factory.fastCompressor()
                    : factory.highCompressor(level);
            this.headerChecksum = headerChecksum(XXHashFactory.fastestInstance().hash32(), new byte[] {FLG, BD_64_KIB},
                    0, 2);
        }

        @Override
        public CompressionType type() {
            return CompressionType.LZ4;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            ByteOrder savedOrder = dst.order();
            dst.order(ByteOrder.LITTLE_ENDIAN);
            try {
                return writeFrame(src, dst);
            } finally {
                dst.order(savedOrder);
            }
        }

        private int writeFrame(ByteBuffer src, ByteBuffer dst) {
            int start = dst.position();
            if (dst.remaining() < HEADER_SIZE_IN_BYTES + END_MARK_SIZE_IN_BYTES) {
                return -1;
            }
            dst.putInt(MAGIC).put(FLG).put(BD_64_KIB).put(headerChecksum);
            // compress each block into staging first: lz4 signals a too-small destination with an exception, and a
            // block that does not shrink must be stored raw anyway
            int stagingLength = compressor.maxCompressedLength(BLOCK_SIZE_IN_BYTES);
            ByteBuffer staging = ByteBuffer.wrap(stagingOut(stagingLength), 0, stagingLength);
            while (src.hasRemaining()) {
                int blockLength = Math.min(BLOCK_SIZE_IN_BYTES, src.remaining());
                int index = src.position();
                int compressedLength = compressor.compress(src, index, blockLength, staging, 0, stagingLength);
                boolean stored = compressedLength >= blockLength;
                int payloadLength = stored ? blockLength : compressedLength;
                if (dst.remaining() < BLOCK_SIZE_FIELD_IN_BYTES + payloadLength + END_MARK_SIZE_IN_BYTES) {
                    return -1;
                }
                if (stored) {
                    dst.putInt(blockLength | UNCOMPRESSED_BLOCK_FLAG).put(dst.position(), src, index, blockLength);
                } else {
                    dst.putInt(compressedLength).put(dst.position(), staging, 0, compressedLength);
                }
                dst.position(dst.position() + payloadLength);
                src.position(index + blockLength);
            }
            dst.putInt(0);
            return dst.position() - start;
        }
    }

    static final class Decompressor implements BatchDecompressor {
        private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
        private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();

        @Override
        public CompressionType type() {
            return CompressionType.LZ4;
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            byte[] input = GrowableOutput.toArray(src);
            ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
            GrowableOutput out = new GrowableOutput(input.length * 2, maxOutputBytes);
            try {
                int descriptor = readHeader(in, input);
                readBlocks(in, input, descriptor & 0xFF, maxBlockSize(descriptor >>> 8), out);
            } catch (LZ4Exception | java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new DecompressionException("corrupt lz4 records: " + e, e);
            }
            return out.toBuffer();
        }

        private int readHeader(ByteBuffer in, byte[] input) {
            if (in.getInt() != MAGIC) {
                throw new DecompressionException("not an lz4 frame: bad magic");
            }
            int descriptorStart = in.position();
            int flg = in.get() & 0xFF;
            if ((flg & FLG_VERSION_MASK) != FLG_VERSION_01) {
                throw new DecompressionException("unsupported lz4 frame version in FLG " + Integer.toHexString(flg));
            }
            int bd = in.get() & 0xFF;
            if ((flg & FLG_CONTENT_SIZE) != 0) {
                in.getLong();
            }
            if ((flg & FLG_DICTIONARY_ID) != 0) {
                in.getInt();
            }
            byte expected = headerChecksum(xxhash, input, descriptorStart, in.position() - descriptorStart);
            if (in.get() != expected) {
                throw new DecompressionException("lz4 frame header checksum mismatch");
            }
            return flg | bd << 8;
        }

        /** BD bits 4-6: 4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB. */
        private static int maxBlockSize(int bd) {
            int code = (bd >>> 4) & 0x7;
            if (code < 4) {
                throw new DecompressionException("invalid lz4 block maximum size code " + code);
            }
            return 1 << (8 + 2 * code);
        }

        private void readBlocks(ByteBuffer in, byte[] input, int flg, int maxBlockSize, GrowableOutput out) {
            while (true) {
                int sizeField = in.getInt();
                if (sizeField == 0) {
                    return; // end mark; a content checksum, if flagged, is not verified
                }
                int length = sizeField & ~UNCOMPRESSED_BLOCK_FLAG;
                if (length > in.remaining()) {
                    throw new DecompressionException("lz4 block of " + length + " bytes overruns the input");
                }
                if ((sizeField & UNCOMPRESSED_BLOCK_FLAG) != 0) {
                    out.write(input, in.position(), length);
                } else {
                    out.ensureRoom(Math.min(maxBlockSize, out.remainingToLimit()));
                    int written = decompressor.decompress(input, in.position(), length, out.array(), out.size(),
                            out.array().length - out.size());
                    out.advance(written);
                }
                in.position(in.position() + length);
                if ((flg & FLG_BLOCK_CHECKSUM) != 0) {
                    in.getInt(); // block checksums are not verified: the batch CRC covers the compressed bytes
                }
            }
        }
    }
}
