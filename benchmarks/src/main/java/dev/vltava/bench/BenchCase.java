package dev.vltava.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the side-by-side matrix: record size, producer profile, target (real broker or sink), rate
 * (unlimited, or half of the official client's measured maximum), JVM heap, and the load's {@link Shape}
 * (payload, partitions, keys, topics, threads, clients).
 */
record BenchCase(String profile, List<String> producerProps, int recordSizeBytes, boolean sink, boolean halfRate,
                 String heap, boolean tls, Shape shape) {

    BenchCase(String profile, List<String> producerProps, int recordSizeBytes, boolean sink, boolean halfRate,
            String heap) {
        this(profile, producerProps, recordSizeBytes, sink, halfRate, heap, false, Shape.DEFAULT);
    }

    BenchCase(String profile, List<String> producerProps, int recordSizeBytes, boolean sink, boolean halfRate,
            String heap, boolean tls) {
        this(profile, producerProps, recordSizeBytes, sink, halfRate, heap, tls, Shape.DEFAULT);
    }

    /** Record sizes of the drop-in suite's size sweep: 10 B to 1 MiB. */
    static final int[] SIZES = {10, 100, 1024, 10 * 1024, 100 * 1024, 1024 * 1024};
    /** Bytes per run of a size-sweep case at most: big records get fewer records, so no size runs for minutes. */
    static final long SIZE_SWEEP_BYTES = 512L << 20;

    /**
     * Issue 16's cases, Vltava through its drop-in facade ({@code VltavaKafkaProducer}, as a user who swapped one
     * line runs it) beside the official client; the headline cases also through Vltava's core API, for the facade's
     * overhead. All with config b (acks=all, idempotence, lz4, linger 5 ms, batch 64 KiB) unless named.
     */
    static List<BenchCase> dropIn() {
        List<BenchCase> out = new ArrayList<>();
        Shape withCore = Shape.DROP_IN.clients(Shape.FACADE_CORE_OFFICIAL);
        for (String payload : new String[] {"random", "json"}) {
            BenchCase headline = b(100, "1g", withCore.payload(payload));
            out.add(headline);
            out.add(new BenchCase(headline.profile, LZ4, 100, false, true, "1g", false,
                    Shape.DROP_IN.payload(payload)));
        }
        // Small heaps: our 64 MiB rate and GC count against our 512 MiB ones (and the official client's).
        for (String heap : new String[] {"512m", "64m"}) {
            out.add(b(100, heap, Shape.DROP_IN.payload("random")));
            out.add(new BenchCase("defaults", List.of(), 100, false, false, heap, false, Shape.DROP_IN.payload("random")));
        }
        // Many partitions: the broker does tens of µs per batch here (one record per batch), so fewer records
        // keep these runs to about a minute each. 1,000 partitions: 1 M records (0.3 M until session 10, when
        // Vltava's measured interval lasted under a second and its CPU per record was half JIT compilation).
        out.add(b(100, "1g", Shape.DROP_IN.payload("random").keyed(1_000, 100_000, 1).records(1_000_000)));
        // The issue asks that the 1,000-partition case also completes in a 64 MiB heap (session 19's first try: ours
        // at 0.61 M records/s with 85 collections; the official client ran out of memory).
        out.add(b(100, "64m", Shape.DROP_IN.payload("random").keyed(1_000, 100_000, 1).records(1_000_000)));
        out.add(b(100, "1g", Shape.DROP_IN.payload("random").keyed(100, 100_000, 100).records(100_000)));
        out.add(b(100, "1g", Shape.DROP_IN.payload("random").threads(8, false)));
        out.add(b(100, "1g", Shape.DROP_IN.payload("random").onJava25()));
        out.add(b(100, "1g", Shape.DROP_IN.payload("random").threads(10_000, true).onJava25()));
        // The same two against the sink (it acks without storing, for a few % of a core): whether the producer keeps
        // its single-thread rate with 10,000 virtual threads when no broker shares the two cores (session 19:
        // 0.82-1.06x against the sink, 0.51x against the broker, where buffer.memory stays full).
        out.add(new BenchCase("config b", LZ4, 100, true, false, "1g", false, Shape.DROP_IN.payload("random").onJava25()));
        out.add(new BenchCase("config b", LZ4, 100, true, false, "1g", false,
                Shape.DROP_IN.payload("random").threads(10_000, true).onJava25()));
        for (int size : SIZES) {
            long records = Math.max(500, SIZE_SWEEP_BYTES / size);
            List<String> props = new ArrayList<>(LZ4);
            props.add("max.request.size=" + (2 << 20)); // a 1 MiB record plus its batch header
            out.add(new BenchCase("config b, size sweep", props, size, false, false, "1g", false,
                    Shape.DROP_IN.payload("random").records(records)));
        }
        return out;
    }

    /** Config b through the facade and the official client. */
    private static BenchCase b(int size, String heap, Shape shape) {
        return new BenchCase("config b", LZ4, size, false, false, heap, false, shape);
    }

    boolean sizeSweep() {
        return profile.endsWith("size sweep");
    }

    /** acks=1 without idempotence or compression: the cheapest path through both clients. */
    static final List<String> PLAIN = List.of("acks=1", "enable.idempotence=false", "compression.type=none",
            "linger.ms=5", "batch.size=65536");
    /** The configuration of the headline target. */
    static final List<String> LZ4 = List.of("acks=all", "enable.idempotence=true", "compression.type=lz4",
            "linger.ms=5", "batch.size=65536");
    static final List<String> ZSTD = List.of("acks=all", "enable.idempotence=true", "compression.type=zstd",
            "linger.ms=5", "batch.size=65536");

    static List<BenchCase> full() {
        List<BenchCase> out = new ArrayList<>();
        for (boolean sink : new boolean[] {false, true}) {
            for (int size : new int[] {100, 1024}) {
                out.add(new BenchCase("acks=1 none", PLAIN, size, sink, false, "1g"));
                out.add(new BenchCase("acks=all idem lz4", LZ4, size, sink, false, "1g"));
                out.add(new BenchCase("acks=all idem zstd", ZSTD, size, sink, false, "1g"));
            }
        }
        List<BenchCase> withRates = new ArrayList<>(out);
        for (BenchCase c : out) {
            withRates.add(c.atHalfRate());
        }
        withRates.add(defaultsInSmallHeap().rateSource());
        withRates.add(defaultsInSmallHeap());
        withRates.add(overTls());
        return withRates;
    }

    /**
     * The headline configuration over TLS, and the same without TLS as the reference of the same run; both run by the
     * drop-in facade (issue 16's headline path), the core API and the official client, so the TLS targets are reported
     * for both of Vltava's APIs.
     */
    static List<BenchCase> tlsPair() {
        Shape threeClients = Shape.DEFAULT.clients(Shape.FACADE_CORE_OFFICIAL);
        return List.of(new BenchCase("acks=all idem lz4", LZ4, 100, false, false, "1g", false, threeClients),
                new BenchCase("acks=all idem lz4", LZ4, 100, false, false, "1g", true, threeClients));
    }

    /** This case run by the core API and the official client only (how the targets name their cases). */
    BenchCase coreVsOfficial() {
        return new BenchCase(profile, producerProps, recordSizeBytes, sink, halfRate, heap, tls,
                shape.clients(Shape.CORE_VS_OFFICIAL));
    }

    /** The headline configuration (acks=all, idempotence, lz4, 100 B) on the real broker, over TLS. */
    static BenchCase overTls() {
        return new BenchCase("acks=all idem lz4", LZ4, 100, false, false, "1g", true);
    }

    static List<BenchCase> quick() {
        BenchCase broker = new BenchCase("acks=all idem lz4", LZ4, 100, false, false, "1g");
        BenchCase sink = new BenchCase("acks=all idem lz4", LZ4, 100, true, false, "1g");
        return List.of(broker, sink, broker.atHalfRate(), defaultsInSmallHeap().rateSource(), defaultsInSmallHeap());
    }

    /**
     * The producer's default configuration at a steady half rate in a 64 MiB heap (the memory target). The
     * rate is half of what the official client reaches with the same default configuration (measured in a 1 GiB
     * heap): a rate taken from another configuration (lz4, 64 KiB batches) can be more than the defaults push through
     * the broker, and then both clients' queues grow until any heap runs out.
     */
    static BenchCase defaultsInSmallHeap() {
        return new BenchCase("defaults", List.of(), 100, false, true, "64m");
    }

    BenchCase atHalfRate() {
        return new BenchCase(profile, producerProps, recordSizeBytes, sink, true, heap, tls, shape);
    }

    /**
     * The unlimited-rate case whose official throughput sets this case's half rate: the same case at an unlimited
     * rate in 1 GiB (in the drop-in suite, the headline case of the same payload, which also runs the core API).
     */
    BenchCase rateSource() {
        Shape source = shape.clients().contains("facade") && shape.equals(Shape.DROP_IN.payload(shape.payload()))
                ? shape.clients(Shape.FACADE_CORE_OFFICIAL) : shape;
        return new BenchCase(profile, producerProps, recordSizeBytes, sink, false, "1g", tls, source);
    }

    /**
     * Whether the broker, not a client, bounds this case at an unlimited rate: 1,000 partitions or more, where batches
     * hold about one record and the broker's cost per batch leaves a quarter of two cores idle in every run.
     */
    boolean brokerBound() {
        return !sink && (long) shape.partitions() * shape.topics() >= 1_000;
    }

    String target() {
        return (sink ? "sink" : "broker") + (tls ? " over TLS" : "");
    }

    String label() {
        String shaped = shape.describe();
        return profile + ", " + size(recordSizeBytes) + ", " + target() + (shaped.isEmpty() ? "" : ", " + shaped)
                + (halfRate ? ", ½ max rate" : "") + ("1g".equals(heap) ? "" : ", -Xmx" + heap);
    }

    static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 10 * 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
