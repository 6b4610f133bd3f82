package dev.vltava.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load of a side-by-side case beyond its producer configuration: payload, partitions and keys, topics, sending
 * threads, the JVM (Java 25 for virtual threads), records per run, and which clients run it. {@link #DEFAULT} is the
 * shape of the original matrix (the run's payload, 6 partitions, no keys, one topic, one thread, core API vs official).
 *
 * @param payload        "random" or "json"; null: the run's {@code --payload}
 * @param partitions     partitions per topic
 * @param keyCount       distinct keys cycled through (0: no keys)
 * @param topics         topics the records are spread over
 * @param threads        sending threads sharing one producer
 * @param virtualThreads the sending threads are virtual (needs Java 21+)
 * @param java25         the producer JVM is the run's Java 25 ({@code --java25}) instead of the JVM running SideBySide
 * @param records        measured records per run at most (fewer when the run's {@code --records} is smaller); -1:
 *                       the run's {@code --records}
 * @param clients        the clients that run the case, in the order of the first pair (later pairs rotate it)
 */
record Shape(String payload, int partitions, int keyCount, int topics, int threads, boolean virtualThreads,
             boolean java25, long records, List<String> clients) {

    static final List<String> CORE_VS_OFFICIAL = List.of("vltava", "kafka");
    static final List<String> FACADE_VS_OFFICIAL = List.of("facade", "kafka");
    static final List<String> FACADE_CORE_OFFICIAL = List.of("facade", "vltava", "kafka");
    static final Shape DEFAULT = new Shape(null, 6, 0, 1, 1, false, false, -1, CORE_VS_OFFICIAL);
    static final Shape DROP_IN = DEFAULT.clients(FACADE_VS_OFFICIAL);

    Shape payload(String p) {
        return new Shape(p, partitions, keyCount, topics, threads, virtualThreads, java25, records, clients);
    }

    Shape keyed(int partitionCount, int keys, int topicCount) {
        return new Shape(payload, partitionCount, keys, topicCount, threads, virtualThreads, java25, records, clients);
    }

    Shape threads(int count, boolean virtual) {
        return new Shape(payload, partitions, keyCount, topics, count, virtual, java25, records, clients);
    }

    Shape onJava25() {
        return new Shape(payload, partitions, keyCount, topics, threads, virtualThreads, true, records, clients);
    }

    Shape records(long n) {
        return new Shape(payload, partitions, keyCount, topics, threads, virtualThreads, java25, n, clients);
    }

    Shape clients(List<String> c) {
        return new Shape(payload, partitions, keyCount, topics, threads, virtualThreads, java25, records, c);
    }

    /** The clients of pair {@code pair}: the list rotated by one per pair, so each client runs first in turn. */
    List<String> clientsOfPair(int pair) {
        List<String> out = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            out.add(clients.get((i + pair) % clients.size()));
        }
        return out;
    }

    /** What differs from the default, for labels ("" for the default shape). */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (payload != null) {
            parts.add(payload);
        }
        if (topics > 1) {
            parts.add(String.format(Locale.ROOT, "%,d partitions over %d topics", partitions * topics, topics));
        } else if (partitions != 6) {
            parts.add(String.format(Locale.ROOT, "%,d partitions", partitions));
        }
        if (keyCount > 0) {
            parts.add("keyed");
        }
        if (threads > 1 || virtualThreads) {
            parts.add(String.format(Locale.ROOT, "%,d %s threads", threads, virtualThreads ? "virtual" : "platform"));
        }
        if (java25) {
            parts.add("Java 25");
        }
        return String.join(", ", parts);
    }
}
