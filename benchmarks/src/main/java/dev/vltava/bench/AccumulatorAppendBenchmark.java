package dev.vltava.bench;

import dev.vltava.producer.internal.accumulate.AppendResult;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RecordAccumulator#append} of a 100-byte record from 1, 2 and 4 threads, into one shared partition (every
 * thread contends for the same partition lock, as with one partition or a shared sticky choice) or one partition per
 * thread. To keep memory bounded, the thread whose append opened a new batch drains the now-full batches and gives
 * their buffers back to the pool (in the producer the sender thread does this): the cost per record includes the
 * amortised batch creation, drain and deallocation, but not sealing, compression or I/O. One {@link RecordFuture} is
 * reused per thread, so the numbers are the accumulator's alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccumulatorAppendBenchmark {
    private static final String TOPIC = "bench";
    private static final int NODE_ID = 1;
    private static final int PARTITIONS = 4;

    @Param({"shared", "perThread"})
    String partitioning;

    @Param({"16384", "65536"})
    int batchSizeBytes;

    RecordAccumulator accumulator;
    ClusterSnapshot cluster;
    final AtomicInteger threadCounter = new AtomicInteger();

    @Setup
    public void setUp() {
        BufferPool pool = new BufferPool(64L * 1024 * 1024, batchSizeBytes);
        accumulator = new RecordAccumulator(batchSizeBytes, TimeUnit.MILLISECONDS.toNanos(5), pool);
        PartitionState[] partitions = new PartitionState[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            partitions[p] = new PartitionState(p, NODE_ID, 0, new int[] {NODE_ID}, new int[] {NODE_ID}, (short) 0);
        }
        cluster = new ClusterSnapshot("bench", Map.of(NODE_ID, new BrokerAddress(NODE_ID, "127.0.0.1", 9092, null)),
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }

    /** Per thread: its partition, its reused future and the value. */
    @State(Scope.Thread)
    public static class Appender {
        TopicPartition partition;
        RecordFuture future;
        byte[] value;
        long timestampMs;

        @Setup
        public void setUp(AccumulatorAppendBenchmark bench) {
            int index = bench.threadCounter.getAndIncrement();
            partition = new TopicPartition(TOPIC, "shared".equals(bench.partitioning) ? 0 : index % PARTITIONS);
            future = new RecordFuture(TOPIC, null, -1, 100, System.currentTimeMillis());
            value = new byte[100];
            timestampMs = System.currentTimeMillis();
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult append1Thread(Appender a) throws InterruptedException {
        return append(a);
    }

    @Benchmark
    @Threads(2)
    public AppendResult append2Threads(Appender a) throws InterruptedException {
        return append(a);
    }

    @Benchmark
    @Threads(4)
    public AppendResult append4Threads(Appender a) throws InterruptedException {
        return append(a);
    }

    private AppendResult append(Appender a) throws InterruptedException {
        long now = System.nanoTime();
        AppendResult r = accumulator.append(a.partition, a.timestampMs, null, a.value, null, a.future, 60_000, now);
        if (r == AppendResult.NEW_BATCH) {
            List<ProducerBatch> full = accumulator.drain(cluster, NODE_ID, Integer.MAX_VALUE, (inFlight, ok) -> true,
                    now);
            for (ProducerBatch b : full) {
                accumulator.deallocate(b);
            }
        }
        return r;
    }
}
