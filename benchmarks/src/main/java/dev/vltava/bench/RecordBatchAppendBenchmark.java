package dev.vltava.bench;

import dev.vltava.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending one 100-byte record into an open batch ({@link RecordBatchWriter#tryAppend}); when the batch is full
 * the writer is reset onto the same buffer. This path should allocate nothing: run with {@code -prof gc} and
 * expect {@code gc.alloc.rate.norm} near 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBatchAppendBenchmark {
    @Param({"16384", "65536"})
    int batchSizeBytes;

    /** 0: no key; otherwise the key length. */
    @Param({"0", "16"})
    int keySizeBytes;

    private ByteBuffer buffer;
    private RecordBatchWriter writer;
    private byte[] key;
    private byte[] value;
    private long timestampMs;

    @Setup
    public void setUp() {
        buffer = ByteBuffer.allocate(batchSizeBytes);
        timestampMs = System.currentTimeMillis();
        writer = new RecordBatchWriter(buffer, timestampMs, false);
        value = new byte[100];
        ThreadLocalRandom.current().nextBytes(value);
        key = keySizeBytes == 0 ? null : new byte[keySizeBytes];
    }

    @Benchmark
    public int append() {
        if (!writer.tryAppend(timestampMs, key, value, null)) {
            writer.reset(buffer, timestampMs);
            writer.tryAppend(timestampMs, key, value, null);
        }
        return writer.recordCount();
    }
}
