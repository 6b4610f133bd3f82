package dev.vltava.producer.internal;

import dev.vltava.producer.Compression;
import dev.vltava.producer.ConfigException;
import dev.vltava.producer.DnsLookup;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.SslEngineFactory;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.QueuedRecordCharge;
import dev.vltava.producer.internal.memory.UntimedWaits;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metrics.JmxExporter;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.CanonicalBootstrap;
import dev.vltava.producer.internal.network.HostResolver;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.network.NioTransport;
import dev.vltava.producer.internal.network.TlsEngineFactory;
import dev.vltava.producer.internal.network.Transport;
import dev.vltava.producer.internal.partition.StickyPartitionTracker;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.send.RecordRouter;
import dev.vltava.producer.internal.send.Sender;
import dev.vltava.producer.internal.security.SslEngineFactories;
import dev.vltava.producer.internal.send.SenderConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Wires the engine's parts together from the configuration (one place, instead of long constructors), and owns
 * their start and stop: the sender thread and the completion thread.
 */
final class Engine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engine.class);
    /** Responses can be large when a broker lists many topics; anything beyond this is garbage, not a frame. */
    private static final int MAX_RECEIVE_FRAME_BYTES = 100 * 1024 * 1024;
    private static final long CALLBACK_GRACE_MS = 5_000;

    final ProducerConfig config;
    final BufferPool pool;
    final Metadata metadata;
    final RecordAccumulator accumulator;
    final WaitingRecords waiting = new WaitingRecords();
    final Completions completions;
    final ProducerMetrics metrics;
    /** The metrics' MBeans; null until {@link #start}. */
    private JmxExporter jmx;
    final AckListener ackListener;
    final StickyPartitionTracker sticky;
    final BrokerClient client;
    final LongSupplier clock;
    private final CompressionType compression;
    private final Environment env;
    /** The engines of TLS connections (security.protocol SSL or SASL_SSL with sockets); null otherwise. */
    private final SslEngineFactory sslEngineFactory;
    /** The SASL mechanism (holds the user's token or credentials provider); null without SASL. */
    private final SaslClientFactory sasl;
    volatile Sender sender;
    private Thread senderThread;

    /**
     * What the engine takes from its surroundings. Production: {@link #production}. The deterministic simulation and
     * the sender tests ({@code SenderHarness}) pass a virtual clock, a simulated transport, seeded randomness,
     * completions that they run themselves, and no sender thread: they run the {@link Sender}'s loop on their own
     * thread and drive time themselves. Everything else is wired here, once, for all of them.
     *
     * @param clock            nanoTime-like clock for every timeout and deadline of the engine
     * @param transport        null = sockets (NioTransport)
     * @param random           jitter and sticky-partition choices; null = ThreadLocalRandom
     * @param completions      null = a completion thread
     * @param senderThread     false = nobody starts the sender loop: the caller runs {@link Sender#run()} (or its
     *                         turns) itself, and {@link #close} only asks it to stop
     * @param jmx              whether {@link #start} registers the metrics' MBeans on the platform MBean server
     * @param senderCompressor the sender thread's compressor; null = the configured codec (tests inject failures)
     */
    record Environment(LongSupplier clock, Transport transport, RandomGenerator random, Completions completions,
            boolean senderThread, boolean jmx, BatchCompressor senderCompressor) {
        static Environment production(Transport transport) {
            return new Environment(System::nanoTime, transport, null, null, true, true, null);
        }

        /** Driven by the caller: its clock, transport, randomness and completions; no sender thread. */
        static Environment simulated(LongSupplier clock, Transport transport, RandomGenerator random,
                Completions completions) {
            return new Environment(clock, transport, random, completions, false, true, null);
        }

        /** The same surroundings without MBeans and with the sender thread's compressor given (null: configured). */
        Environment withoutJmx(BatchCompressor senderCompressor) {
            return new Environment(clock, transport, random, completions, senderThread, false, senderCompressor);
        }
    }

    Engine(ProducerConfig config, AckListener ackListener, Transport transport) {
        this(config, ackListener, Environment.production(transport));
    }

    Engine(ProducerConfig config, AckListener ackListener, Environment env) {
        this.env = env;
        this.clock = env.clock();
        Transport transport = env.transport();
        this.config = config;
        this.ackListener = ackListener;
        this.compression = codecFor(config.compression());
        try {
            Codecs.checkAvailable(compression);
        } catch (IllegalStateException missing) { // a configuration the class path cannot serve: say which key
            throw new ConfigException(List.of("compression.type"), "compression.type=" + compression.configName()
                    + " cannot be used: " + missing.getMessage(), missing.getCause());
        }
        SaslClientFactory sasl = SaslSetup.from(config); // before anything that holds threads or sockets
        this.sasl = sasl;
        // Virtual threads blocked in send() wait without a timer; the sender thread wakes them at their deadlines.
        // With compression, batch.size bounds a batch as compressed: batches of compressible records grow past it,
        // into size classes of their own (RecordAccumulator.boundBatchesByCompressedSize).
        int largestClass = compression == CompressionType.NONE ? config.batchSizeBytes()
                : RecordAccumulator.largestCompressedBatchClass(config.batchSizeBytes(),
                        config.maxRequestSizeBytes(), config.bufferMemoryBytes());
        this.pool = new BufferPool(config.bufferMemoryBytes(), config.batchSizeBytes(), largestClass, true,
                UntimedWaits.forVirtualThreads());
        this.metadata = new Metadata(bootstrap(config), config.metadataMaxAgeMs(), config.metadataMaxIdleMs(),
                config.retryBackoffMs());
        this.accumulator = new RecordAccumulator(config.batchSizeBytes(),
                TimeUnit.MILLISECONDS.toNanos(config.lingerMs()), pool, clock);
        accumulator.chargePerQueuedRecord(QueuedRecordCharge.perRecord(Runtime.getRuntime().maxMemory(),
                config.bufferMemoryBytes()));
        if (compression != CompressionType.NONE) {
            int level = config.compressionLevel();
            accumulator.sealClosedBatchesOnAppendingThreads(() -> Codecs.compressor(compression, level));
            accumulator.boundBatchesByCompressedSize();
        }
        // Callbacks that fall behind hold send() back once their batches add up to buffer.memory (finding 9).
        this.completions = env.completions() != null ? env.completions()
                : new Completions(config.clientId(), config.bufferMemoryBytes());
        this.metrics = EngineMetrics.create(config, clock, pool, metadata);
        RandomGenerator random = env.random();
        this.sticky = random == null ? new StickyPartitionTracker(config.batchSizeBytes())
                : new StickyPartitionTracker(config.batchSizeBytes(), random::nextInt);
        // TLS: the factory reads the stores now, so a bad store fails the producer's creation with a ConfigException.
        this.sslEngineFactory = transport == null && config.security().protocol().usesTls()
                ? sslEngineFactory(config, sasl) : null;
        TlsEngineFactory tls = sslEngineFactory == null ? null : sslEngineFactory::createClientSslEngine;
        Transport t = transport != null ? transport
                : new NioTransport(config.sendBufferBytes(), config.receiveBufferBytes(), MAX_RECEIVE_FRAME_BYTES, tls);
        this.client = new BrokerClient(t, config.clientId(), config.maxInFlightRequestsPerConnection(),
                config.requestTimeoutMs(), config.socketConnectionSetupTimeoutMs(),
                config.socketConnectionSetupTimeoutMaxMs(), config.reconnectBackoffMs(),
                config.reconnectBackoffMaxMs(), config.connectionsMaxIdleMs(), clock, jitter());
        if (sasl != null) {
            client.enableSasl(sasl);
        }
        client.recordMetricsInto(metrics.network());
    }

    /** The codec of the API's {@code compression.type} choice: the one place where the two meet. */
    static CompressionType codecFor(Compression compression) {
        return switch (compression) {
            case NONE -> CompressionType.NONE;
            case GZIP -> CompressionType.GZIP;
            case SNAPPY -> CompressionType.SNAPPY;
            case LZ4 -> CompressionType.LZ4;
            case ZSTD -> CompressionType.ZSTD;
        };
    }

    /** Reads the stores; a failure also releases the SASL provider already configured. */
    private static SslEngineFactory sslEngineFactory(ProducerConfig config, SaslClientFactory sasl) {
        try {
            return SslEngineFactories.create(config.security().ssl(), config.originals());
        } catch (RuntimeException | Error e) {
            if (sasl != null) {
                sasl.close();
            }
            throw e;
        }
    }

    /** The sender loop's settings, in its units, from the configuration. */
    SenderConfig senderConfig() {
        SenderConfig sc = new SenderConfig(config.clientId(), config.acks(), config.maxRequestSizeBytes(),
                config.requestTimeoutMs(), config.deliveryTimeoutMs(), config.retries(), config.retryBackoffMs(),
                config.retryBackoffMaxMs(), config.maxInFlightRequestsPerConnection(), config.idempotenceEnabled(),
                config.maxBlockMs(), compression, config.compressionLevel());
        return config.transactionalId() == null ? sc
                : sc.withTransactions(config.transactionalId(), config.transactionTimeoutMs());
    }

    /** Creates the sender (records that waited for metadata are placed by {@code router}) and starts the threads. */
    void start(RecordRouter router) {
        SenderConfig sc = senderConfig();
        BatchCompressor compressor = env.senderCompressor() != null ? env.senderCompressor()
                : Codecs.compressor(compression, config.compressionLevel());
        sender = new Sender(sc, metadata, accumulator, waiting, client, completions, ackListener, metrics, clock,
                router, compressor, jitter());
        jmx = env.jmx() ? EngineMetrics.startJmx(metrics, config) : null;
        if (sasl != null) {
            sasl.start(config.clientId(), client::wakeup); // OAUTHBEARER: the token refresh thread
        }
        if (!env.senderThread()) {
            return; // the caller runs the sender loop (deterministic simulation)
        }
        senderThread = new Thread(sender, "vltava-producer-network-thread | " + config.clientId());
        senderThread.setDaemon(true);
        senderThread.start();
    }

    /**
     * The injected random source, or ThreadLocalRandom looked up on the calling thread at every use (its instance
     * must not be handed to another thread: a thread that never called current() would use an unseeded state).
     */
    private RandomGenerator jitter() {
        RandomGenerator r = env.random();
        return r != null ? r : () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }

    void wakeup() {
        Sender s = sender;
        if (s != null) {
            s.wakeup();
        }
    }

    /** Sends what is buffered for at most timeoutMs, then fails the rest and stops both threads. */
    void close(long timeoutMs) {
        if (!env.senderThread()) {
            // Whoever runs the sender loop enforces the timeout (forceClose), runs the completions and closes the pool.
            if (timeoutMs == 0) {
                sender.forceClose();
            } else {
                sender.initiateClose();
            }
            closeMetrics();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs, Long.MAX_VALUE / 2_000_000));
        if (timeoutMs == 0) {
            sender.forceClose();
        } else {
            sender.initiateClose();
        }
        if (!completions.isCompletionThread() && Thread.currentThread() != senderThread) {
            join(senderThread, deadline);
            if (senderThread.isAlive()) {
                sender.forceClose();
                join(senderThread, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            }
            // The sender has completed every record by now; let their callbacks run so that close() returns with
            // every future done (as the official client does). Bounded: a stuck callback cannot hold close forever.
            completions.close(Math.max(CALLBACK_GRACE_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } else {
            // From a callback (or the sender): waiting would wait for ourselves. As KafkaProducer does, this becomes
            // close(0): what is not sent yet fails now, and its callbacks run on the completion thread after the
            // current callback returns (or on the sender thread if the completion thread has already ended).
            if (timeoutMs > 0) {
                LOG.warn("close() called from a callback (or the producer's own thread) becomes close(0): waiting "
                        + "would wait for itself. Records not yet sent fail with ProducerClosedException.");
            }
            sender.forceClose();
            completions.close(0);
        }
        pool.close();
        closeSslEngineFactory();
        if (sasl != null) {
            sasl.close();
        }
        closeMetrics();
    }

    /** Removes the metrics (metric reporters and JMX hear of each) and the app-info MBean. */
    private void closeMetrics() {
        try {
            metrics.registry().close();
            if (jmx != null) {
                jmx.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing the producer's metrics failed; ignored", e);
        }
    }

    private void closeSslEngineFactory() {
        if (sslEngineFactory != null) {
            try {
                sslEngineFactory.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the SSL engine factory {} failed; ignored", sslEngineFactory.getClass().getName(), e);
            }
        }
    }

    private static void join(Thread t, long deadlineNs) {
        try {
            long left = deadlineNs - System.nanoTime();
            while (t.isAlive() && left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                left = deadlineNs - System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<BrokerAddress> bootstrap(ProducerConfig config) {
        List<InetSocketAddress> addresses = config.clientDnsLookup() == DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY
                ? CanonicalBootstrap.expand(config.bootstrapAddresses(), HostResolver.system())
                : config.bootstrapAddresses();
        List<BrokerAddress> out = new ArrayList<>();
        int id = -1;
        for (InetSocketAddress a : addresses) {
            out.add(new BrokerAddress(id--, a.getHostString(), a.getPort(), null));
        }
        return out;
    }
}
