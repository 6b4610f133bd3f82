package dev.vltava.producer.internal.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * zstd: one standard zstd frame (RFC 8878) per batch, written by a reused native compression context. The one-shot
 * API also records the content size in the frame header, which readers may use and need not.
 */
final class ZstdCodec {
    private ZstdCodec() {
    }

    static final class Compressor extends AbstractBatchCompressor {
        private final ZstdCompressCtx context;

        Compressor(int level) {
            CompressionType.ZSTD.validateLevel(level);
            this.context = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        public CompressionType type() {
            return CompressionType.ZSTD;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            int srcIndex = src.position();
            int srcLength = src.remaining();
            int dstIndex = dst.position();
            int dstRoom = dst.remaining();
            int written;
            try {
                written = src.isDirect() && dst.isDirect()
                        ? context.compressDirectByteBuffer(dst, dstIndex, dstRoom, src, srcIndex, srcLength)
                        : compressViaArrays(src, srcIndex, srcLength, dst, dstIndex, dstRoom);
            } catch (ZstdException e) {
                if (e.getErrorCode() == Zstd.errDstSizeTooSmall()) {
                    return -1; // the normal answer for incompressible input into a destination smaller than it
                }
                throw new IllegalStateException("zstd compression failed: " + e.getMessage(), e);
            }
            src.position(srcIndex + srcLength);
            dst.position(dstIndex + written);
            return written;
        }

        private int compressViaArrays(ByteBuffer src, int srcIndex, int srcLength, ByteBuffer dst, int dstIndex,
                int dstRoom) {
            byte[] input = inputArray(src, srcIndex, srcLength);
            int inputOffset = inputArrayOffset(src, srcIndex);
            if (dst.hasArray()) {
                return context.compressByteArray(dst.array(), dst.arrayOffset() + dstIndex, dstRoom, input,
                        inputOffset, srcLength);
            }
            byte[] output = stagingOut(dstRoom);
            int written = context.compressByteArray(output, 0, dstRoom, input, inputOffset, srcLength);
            dst.put(dstIndex, output, 0, written);
            return written;
        }

        @Override
        public void close() {
            context.close();
        }
    }

    static final class Decompressor implements BatchDecompressor {
        @Override
        public CompressionType type() {
            return CompressionType.ZSTD;
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            GrowableOutput out = new GrowableOutput(src.remaining() * 4, maxOutputBytes);
            // streaming decode: frames written by a streaming encoder (the Java client) carry no content size
            try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(
                    new ByteArrayInputStream(GrowableOutput.toArray(src)))) {
                out.readFully(in);
            } catch (IOException | ZstdException e) {
                throw new DecompressionException("corrupt zstd records: " + e.getMessage(), e);
            }
            return out.toBuffer();
        }
    }
}
