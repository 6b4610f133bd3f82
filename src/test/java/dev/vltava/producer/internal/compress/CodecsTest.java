package dev.vltava.producer.internal.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/** Our codecs against the official client's: each side decodes what the other wrote. */
class CodecsTest {
    private static final byte MAGIC_V2 = 2;

    static Stream<Arguments> codecsAndLevels() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            cases.add(Arguments.of(type, type.defaultLevel()));
        }
        cases.add(Arguments.of(CompressionType.GZIP, 1));
        cases.add(Arguments.of(CompressionType.GZIP, 9));
        cases.add(Arguments.of(CompressionType.LZ4, 1));
        cases.add(Arguments.of(CompressionType.LZ4, 17));
        cases.add(Arguments.of(CompressionType.ZSTD, -5));
        cases.add(Arguments.of(CompressionType.ZSTD, 19));
        return cases.stream();
    }

    static List<byte[]> payloads() {
        Random random = new Random(42);
        byte[] randomBytes = new byte[300_000];
        random.nextBytes(randomBytes);
        byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(8000).getBytes(StandardCharsets.UTF_8);
        byte[] oneBlock = new byte[64 * 1024]; // exactly one lz4 block, two snappy chunks
        byte[] small = {1, 2, 3};
        byte[] mixed = new byte[200_001];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (byte) (i % 1000 < 500 ? random.nextInt() : i % 7);
        }
        return List.of(small, text, randomBytes, oneBlock, mixed);
    }

    @ParameterizedTest
    @MethodSource("codecsAndLevels")
    void officialClientReadsOurOutput(CompressionType type, int level) throws Exception {
        try (BatchCompressor compressor = Codecs.compressor(type, level)) {
            for (byte[] payload : payloads()) {
                for (boolean direct : new boolean[] {false, true}) {
                    ByteBuffer compressed = compress(compressor, payload, direct, direct);
                    assertArrayEquals(payload, officialDecompress(type, compressed), type + " " + payload.length);
                    assertArrayEquals(payload, ourDecompress(type, compressed), type + " " + payload.length);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void mixedHeapAndDirectBuffersWork(CompressionType type) throws Exception {
        byte[] payload = payloads().get(4);
        try (BatchCompressor compressor = Codecs.compressor(type)) {
            ByteBuffer a = compress(compressor, payload, true, false);
            ByteBuffer b = compress(compressor, payload, false, true);
            assertArrayEquals(payload, officialDecompress(type, a));
            assertArrayEquals(payload, officialDecompress(type, b));
        }
    }

    @ParameterizedTest
    @MethodSource("codecsAndLevels")
    void weReadTheOfficialClientsOutput(CompressionType type, int level) throws Exception {
        for (byte[] payload : payloads()) {
            ByteBuffer compressed = officialCompress(type, level, payload);
            assertArrayEquals(payload, ourDecompress(type, compressed), type + " " + payload.length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void tooSmallDestinationReturnsMinusOneAndWritesNothingOutsideIt(CompressionType type) {
        byte[] random = payloads().get(2);
        try (BatchCompressor compressor = Codecs.compressor(type)) {
            ByteBuffer dst = ByteBuffer.allocate(random.length + 100);
            dst.position(10).limit(10 + random.length - 1);
            assertEquals(-1, compressor.compress(ByteBuffer.wrap(random), dst));
            dst.clear();
            for (int i = 0; i < 10; i++) {
                assertEquals(0, dst.get(i));
            }
            for (int i = 10 + random.length - 1; i < dst.capacity(); i++) {
                assertEquals(0, dst.get(i), "byte " + i + " past the limit was written");
            }
            // the same compressor works normally afterwards
            byte[] text = payloads().get(1);
            ByteBuffer ok = ByteBuffer.allocate(text.length);
            int n = compressor.compress(ByteBuffer.wrap(text), ok);
            assertTrue(n > 0 && n < text.length);
        }
    }

    @Test
    void compressAdvancesPositionsByTheBytesConsumedAndWritten() {
        byte[] text = payloads().get(1);
        for (CompressionType type : CompressionType.values()) {
            try (BatchCompressor compressor = Codecs.compressor(type)) {
                ByteBuffer src = ByteBuffer.wrap(text);
                ByteBuffer dst = ByteBuffer.allocate(text.length + 64);
                dst.position(7);
                int n = compressor.compress(src, dst);
                assertEquals(text.length, src.position(), type.configName());
                assertEquals(7 + n, dst.position(), type.configName());
            }
        }
    }

    @Test
    void lz4FrameHeaderIsTheOneKafkaWritesForMagic2() throws Exception {
        byte[] payload = payloads().get(1);
        ByteBuffer ours = compress(Codecs.compressor(CompressionType.LZ4), payload, false, false);
        ByteBuffer official = officialCompress(CompressionType.LZ4, 9, payload);
        byte[] ourHeader = new byte[7];
        byte[] officialHeader = new byte[7];
        ours.get(0, ourHeader);
        official.get(0, officialHeader);
        assertArrayEquals(officialHeader, ourHeader);
        assertArrayEquals(new byte[] {0x04, 0x22, 0x4D, 0x18, 0x60, 0x40}, java.util.Arrays.copyOf(ourHeader, 6));
    }

    @Test
    void lz4DefaultLevelOutputIsByteIdenticalToTheOfficialClient() throws Exception {
        // same library, same compressor (fast at level 9), same framing: the bytes should match exactly
        for (byte[] payload : payloads()) {
            ByteBuffer ours = compress(Codecs.compressor(CompressionType.LZ4), payload, false, false);
            ByteBuffer official = officialCompress(CompressionType.LZ4, 9, payload);
            assertEquals(official, ours, "payload of " + payload.length);
        }
    }

    @Test
    void snappyOutputIsByteIdenticalToXerialStreamFraming() throws Exception {
        for (byte[] payload : payloads()) {
            ByteBuffer ours = compress(Codecs.compressor(CompressionType.SNAPPY), payload, false, false);
            ByteBuffer official = officialCompress(CompressionType.SNAPPY, 0, payload);
            assertEquals(official, ours, "payload of " + payload.length);
        }
    }

    @Test
    void snappyDecoderAcceptsRawBlocks() throws Exception {
        byte[] payload = payloads().get(1);
        byte[] raw = Snappy.compress(payload);
        assertArrayEquals(payload, ourDecompress(CompressionType.SNAPPY, ByteBuffer.wrap(raw)));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void decompressRespectsTheOutputLimit(CompressionType type) {
        byte[] payload = payloads().get(1);
        ByteBuffer compressed = compress(Codecs.compressor(type), payload, false, false);
        BatchDecompressor decompressor = Codecs.decompressor(type);
        assertThrows(DecompressionException.class, () -> decompressor.decompress(compressed, payload.length - 1));
        assertEquals(payload.length, decompressor.decompress(compressed, payload.length).remaining());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void corruptInputFailsWithDecompressionException(CompressionType type) {
        byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x04; // not a valid gzip/lz4/zstd magic, and nonsense as snappy
        assertThrows(DecompressionException.class,
                () -> Codecs.decompressor(type).decompress(ByteBuffer.wrap(garbage), 1 << 20));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecIsAvailable(CompressionType type) {
        Codecs.checkAvailable(type);
    }

    @Test
    void scratchBufferIsReusedAndGrows() {
        try (BatchCompressor compressor = Codecs.compressor(CompressionType.ZSTD)) {
            ByteBuffer first = compressor.scratchBuffer(100, false);
            assertTrue(first.capacity() >= 100 && first.position() == 0 && first.limit() == first.capacity());
            first.position(50);
            ByteBuffer again = compressor.scratchBuffer(80, false);
            assertTrue(first == again && again.position() == 0);
            assertTrue(compressor.scratchBuffer(1000, false).capacity() >= 1000);
            assertTrue(compressor.scratchBuffer(10, true).isDirect());
        }
    }

    @Test
    void invalidLevelIsRejectedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> Codecs.compressor(CompressionType.LZ4, 0));
        assertThrows(IllegalArgumentException.class, () -> Codecs.compressor(CompressionType.GZIP, 11));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static ByteBuffer compress(BatchCompressor compressor, byte[] payload, boolean directSrc, boolean directDst) {
        ByteBuffer src = directSrc ? ByteBuffer.allocateDirect(payload.length) : ByteBuffer.allocate(payload.length);
        src.put(payload).flip();
        int room = payload.length * 2 + 1024;
        ByteBuffer dst = directDst ? ByteBuffer.allocateDirect(room) : ByteBuffer.allocate(room);
        int n = compressor.compress(src, dst);
        assertTrue(n >= 0, compressor.type() + " returned " + n);
        dst.flip();
        ByteBuffer heap = ByteBuffer.allocate(n);
        heap.put(dst).flip();
        return heap;
    }

    static byte[] ourDecompress(CompressionType type, ByteBuffer compressed) {
        ByteBuffer out = Codecs.decompressor(type).decompress(compressed, 64 << 20);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    static Compression official(CompressionType type, int level) {
        switch (type) {
            case NONE:
                return Compression.NONE;
            case GZIP:
                return Compression.gzip().level(level).build();
            case SNAPPY:
                return Compression.snappy().build();
            case LZ4:
                return Compression.lz4().level(level).build();
            case ZSTD:
                return Compression.zstd().level(level).build();
            default:
                throw new AssertionError(type);
        }
    }

    static byte[] officialDecompress(CompressionType type, ByteBuffer compressed) throws Exception {
        try (InputStream in = official(type, type.defaultLevel())
                .wrapForInput(compressed.duplicate(), MAGIC_V2, BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        }
    }

    static ByteBuffer officialCompress(CompressionType type, int level, byte[] payload) throws Exception {
        ByteBufferOutputStream sink = new ByteBufferOutputStream(1024);
        try (OutputStream out = official(type, level).wrapForOutput(sink, MAGIC_V2)) {
            out.write(payload);
        }
        return sink.buffer().flip();
    }
}
