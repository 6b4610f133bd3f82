package dev.vltava.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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

/** CRC-32C throughput over batch-sized inputs (java.util.zip.CRC32C uses the CPU's instruction). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Crc32cBenchmark {
    @Param({"1024", "16384", "65536"})
    int sizeBytes;

    private byte[] data;
    private final CRC32C crc = new CRC32C();

    @Setup
    public void setUp() {
        data = new byte[sizeBytes];
        ThreadLocalRandom.current().nextBytes(data);
    }

    @Benchmark
    public long crc32c() {
        crc.reset();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }
}
