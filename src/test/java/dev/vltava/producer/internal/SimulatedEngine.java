package dev.vltava.producer.internal;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.network.Transport;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.send.RecordRouter;
import dev.vltava.producer.internal.send.Sender;
import dev.vltava.producer.internal.send.SenderConfig;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The real engine and producer, wired exactly as in production except for what {@link Engine.Environment} injects: a
 * virtual clock, a simulated transport, seeded randomness, completions run by the caller's executor, and no sender
 * thread (the caller runs {@link Sender#run()} itself). The bridge between the deterministic simulation
 * ({@code dev.vltava.producer.sim}) and the engine's package-private wiring.
 */
public final class SimulatedEngine {
    private final Engine engine;
    private final VltavaProducer<byte[], byte[]> producer;

    public SimulatedEngine(ProducerConfig config, LongSupplier clock, Transport transport, RandomGenerator random,
            Executor completionExecutor) {
        this.engine = new Engine(config, AckListener.NONE, Engine.Environment.simulated(clock, transport, random,
                Completions.on(completionExecutor)));
        this.producer = new VltavaProducer<>(engine, Serializers.byteArray(), Serializers.byteArray(), null,
                List.of());
    }

    private SimulatedEngine(Engine engine) {
        this.engine = engine;
        this.producer = null;
    }

    /**
     * The engine without the producer on top, as the sender tests drive it ({@code send.SenderHarness}): the same
     * wiring, with completions run on the thread that completes a record, no MBeans, the sender thread's compressor
     * given (null: the configured codec), and the records that wait for metadata placed by {@code router}. The sender
     * exists once this returns; the caller runs its turns.
     */
    public static SimulatedEngine senderOnly(ProducerConfig config, LongSupplier clock, Transport transport,
            RandomGenerator random, BatchCompressor compressor, RecordRouter router) {
        Engine engine = new Engine(config, AckListener.NONE, Engine.Environment.simulated(clock, transport, random,
                Completions.callerRuns()).withoutJmx(compressor));
        engine.start(router);
        return new SimulatedEngine(engine);
    }

    /** The sender loop's settings as the engine derived them from the configuration. */
    public SenderConfig senderConfig() {
        return engine.senderConfig();
    }

    public BrokerClient client() {
        return engine.client;
    }

    public ProducerMetrics metrics() {
        return engine.metrics;
    }

    public VltavaProducer<byte[], byte[]> producer() {
        return producer;
    }

    public Sender sender() {
        return engine.sender;
    }

    public BufferPool pool() {
        return engine.pool;
    }

    public RecordAccumulator accumulator() {
        return engine.accumulator;
    }

    public WaitingRecords waiting() {
        return engine.waiting;
    }

    public Metadata metadata() {
        return engine.metadata;
    }

    /** What Engine.close does after the sender stopped (the completions are the caller's to run). */
    public void closePool() {
        engine.pool.close();
    }
}
