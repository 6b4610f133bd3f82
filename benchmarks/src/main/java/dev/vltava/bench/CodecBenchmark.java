package dev.vltava.bench;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compressing a records section (64 KiB unless {@code inputBytes} says otherwise) with each codec
 * ({@link Codecs#compressor}) at its default level, for a JSON-like payload and a random one (incompressible bytes).
 * Smaller inputs show what a codec costs per call beyond its per-byte work: batches at 1,000 keyed partitions hold
 * about 3 KB ({@code -p codec=lz4 -p inputBytes=1024,3072,65536}). The secondary results {@code bytesIn} and
 * {@code bytesOut} are per second: {@code bytesIn} / 1e6 is the codec's MB/s, and {@code bytesOut / bytesIn} the
 * bytes out per byte in. The destination is twice the input, so even incompressible data completes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    static final int INPUT_BYTES = 64 * 1024;

    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    String codec;

    @Param({"json", "random"})
    String payload;

    /** The records section's size; at most {@link #INPUT_BYTES}. */
    @Param({"65536"})
    int inputBytes;

    private BatchCompressor compressor;
    private ByteBuffer source;
    private ByteBuffer destination;

    /** Bytes per second through the codec (JMH normalises OPERATIONS counters to the output time unit). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytesIn;
        public long bytesOut;

        @Setup(Level.Iteration)
        public void reset() {
            bytesIn = 0;
            bytesOut = 0;
        }
    }

    @Setup
    public void setUp() {
        compressor = Codecs.compressor(CompressionType.forName(codec));
        if (inputBytes < 1 || inputBytes > INPUT_BYTES) {
            throw new IllegalArgumentException("inputBytes must be 1.." + INPUT_BYTES + ", not " + inputBytes);
        }
        source = ByteBuffer.wrap(input(payload), 0, inputBytes).slice();
        destination = ByteBuffer.allocate(2 * inputBytes + 1024);
    }

    @TearDown
    public void tearDown() {
        compressor.close();
    }

    @Benchmark
    public int compress(Bytes bytes) {
        source.clear();
        destination.clear();
        int written = compressor.compress(source, destination);
        bytes.bytesIn += inputBytes;
        bytes.bytesOut += written;
        return written;
    }

    /** 64 KiB of JSON-like events (as the perf tool's json payload) or of random bytes. */
    static byte[] input(String kind) {
        Random random = new Random(7);
        byte[] out = new byte[INPUT_BYTES];
        if ("random".equals(kind)) {
            random.nextBytes(out);
            return out;
        }
        int position = 0;
        for (int i = 0; position < INPUT_BYTES; i++) {
            byte[] event = Payloads.json(random, i, 200);
            int n = Math.min(event.length, INPUT_BYTES - position);
            System.arraycopy(event, 0, out, position, n);
            position += n;
        }
        return out;
    }
}
