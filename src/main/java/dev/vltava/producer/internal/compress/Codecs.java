package dev.vltava.producer.internal.compress;

import com.github.luben.zstd.util.Native;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.Snappy;

/** Factory for the codecs, and the eager check that a codec's native library loads. */
public final class Codecs {
    private Codecs() {
    }

    /**
     * A new compressor for this codec and level. <b>Not thread safe</b>: it reuses native contexts and buffers, so
     * create one per sender thread and {@link BatchCompressor#close() close} it when that thread ends.
     *
     * @param level a level valid for the codec (see {@link CompressionType#validateLevel}); ignored by none and snappy
     * @throws IllegalArgumentException if the level is out of range
     */
    public static BatchCompressor compressor(CompressionType type, int level) {
        type.validateLevel(level);
        switch (type) {
            case NONE:
                return new NoCompressionCodec.Compressor();
            case GZIP:
                return new GzipCodec.Compressor(level);
            case SNAPPY:
                return new SnappyCodec.Compressor();
            case LZ4:
                return new Lz4FrameCodec.Compressor(level);
            case ZSTD:
                return new ZstdCodec.Compressor(level);
            default:
                throw new AssertionError(type);
        }
    }

    /** A new compressor at the codec's default level. Not thread safe, like {@link #compressor(CompressionType, int)}. */
    public static BatchCompressor compressor(CompressionType type) {
        return compressor(type, type.defaultLevel());
    }

    /** A decompressor for this codec; decompressors are thread safe. */
    public static BatchDecompressor decompressor(CompressionType type) {
        switch (type) {
            case NONE:
                return new NoCompressionCodec.Decompressor();
            case GZIP:
                return new GzipCodec.Decompressor();
            case SNAPPY:
                return new SnappyCodec.Decompressor();
            case LZ4:
                return new Lz4FrameCodec.Decompressor();
            case ZSTD:
                return new ZstdCodec.Decompressor();
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Loads the codec's library now (at producer construction) rather than on the first batch, so a missing jar or a
     * native library that fails to load surfaces as a configuration error instead of failed sends.
     *
     * @throws IllegalStateException naming the codec and the cause
     */
    public static void checkAvailable(CompressionType type) {
        try {
            switch (type) {
                case NONE:
                    return;
                case GZIP:
                    new Deflater().end();
                    return;
                case SNAPPY:
                    Snappy.maxCompressedLength(1); // first native call loads the library
                    return;
                case LZ4:
                    LZ4Factory.fastestInstance().fastCompressor();
                    XXHashFactory.fastestInstance().hash32();
                    return;
                case ZSTD:
                    Native.load();
                    return;
                default:
                    throw new AssertionError(type);
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // LinkageError, ExceptionInInitializerError, SnappyError (an Error), runtime errors
            throw new IllegalStateException("Compression codec " + type.configName() + " is unavailable: " + e, e);
        }
    }
}
