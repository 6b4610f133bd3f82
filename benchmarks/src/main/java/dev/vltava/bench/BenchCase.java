package dev.vltava.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the side-by-side matrix: record size, producer profile, target (real broker or sink), rate
 * (unlimited, or half of the official client's measured maximum) and JVM heap.
 */
record BenchCase(String profile, List<String> producerProps, int recordSizeBytes, boolean sink, boolean halfRate,
                 String heap, boolean tls) {

    BenchCase(String profile, List<String> producerProps, int recordSizeBytes, boolean sink, boolean halfRate,
            String heap) {
        this(profile, producerProps, recordSizeBytes, sink, halfRate, heap, false);
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

    /** The headline configuration over TLS, and the same without TLS as the reference of the same run. */
    static List<BenchCase> tlsPair() {
        return List.of(new BenchCase("acks=all idem lz4", LZ4, 100, false, false, "1g"), overTls());
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
        return new BenchCase(profile, producerProps, recordSizeBytes, sink, true, heap, tls);
    }

    /** The unlimited-rate case whose official throughput sets this case's half rate. */
    BenchCase rateSource() {
        return new BenchCase(profile, producerProps, recordSizeBytes, sink, false, "1g", tls);
    }

    String target() {
        return (sink ? "sink" : "broker") + (tls ? " over TLS" : "");
    }

    String label() {
        return profile + ", " + recordSizeBytes + " B, " + target() + (halfRate ? ", ½ max rate" : "")
                + ("1g".equals(heap) ? "" : ", -Xmx" + heap);
    }
}
