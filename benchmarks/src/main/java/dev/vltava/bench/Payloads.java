package dev.vltava.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Record values, made before the measurement so that the loop allocates nothing for them. A pool of distinct values
 * is cycled through (one value repeated would make compression unrealistically good).
 *
 * <ul>
 *   <li>{@code random}: uppercase letters A-Z, as kafka-producer-perf-test writes (compressible to about 60%).</li>
 *   <li>{@code json}: JSON-like event objects with repeated field names and varied values (compressible, like real
 *       application events), padded or cut to the record size.</li>
 *   <li>{@code file:<path>}: one value per non-empty line of the file (the record size is ignored).</li>
 * </ul>
 */
final class Payloads {
    static final int POOL_SIZE = 1024;

    private Payloads() {
    }

    static byte[][] create(String kind, int recordSizeBytes, long seed) {
        return create(kind, recordSizeBytes, seed, 1);
    }

    /**
     * As above for {@code threads} sending threads, each walking the pool from its own starting point (PerfTool's
     * send loop): with many threads appending at once a batch holds records of many threads, and a pool of 1,024
     * would repeat values inside one batch (10,000 threads: each value about ten times per 10,000 records), so the
     * batch would compress better than the single-thread case's: not the same workload. The pool grows to 64 values
     * per thread beyond 16 threads (within 32 MiB).
     */
    static byte[][] create(String kind, int recordSizeBytes, long seed, int threads) {
        if (kind.startsWith("file:")) {
            return fromFile(Path.of(kind.substring("file:".length())));
        }
        Random random = new Random(seed);
        byte[][] pool = new byte[poolSize(recordSizeBytes, threads)][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = switch (kind) {
                case "random" -> letters(random, recordSizeBytes);
                case "json" -> json(random, i, recordSizeBytes);
                default -> throw new IllegalArgumentException("--payload must be random, json or file:<path>, not "
                        + kind);
            };
        }
        return pool;
    }

    /** 1,024 values, fewer for big records so the pool stays within 32 MiB (16 values of 1 MiB, for instance). */
    static int poolSize(int recordSizeBytes) {
        return poolSize(recordSizeBytes, 1);
    }

    /** As above, at least 64 values per sending thread beyond 16 threads (within the same 32 MiB). */
    static int poolSize(int recordSizeBytes, int threads) {
        long wanted = Math.max(POOL_SIZE, threads > 16 ? 64L * threads : 0);
        return (int) Math.max(16, Math.min(wanted, (32L << 20) / Math.max(1, recordSizeBytes)));
    }

    static byte[] letters(Random random, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('A' + random.nextInt(26));
        }
        return b;
    }

    private static final String[] EVENTS = {"page_view", "click", "add_to_cart", "purchase", "login", "logout"};
    private static final String[] COUNTRIES = {"CZ", "DE", "FR", "US", "JP", "BR", "IN", "GB"};

    /** A JSON-like event of exactly {@code size} bytes (a trailing "pad" field fills or the text is cut). */
    static byte[] json(Random random, int index, int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        sb.append("{\"id\":").append(1_000_000L + index * 7919L)
                .append(",\"event\":\"").append(EVENTS[random.nextInt(EVENTS.length)])
                .append("\",\"user\":\"user-").append(random.nextInt(100_000))
                .append("\",\"country\":\"").append(COUNTRIES[random.nextInt(COUNTRIES.length)])
                .append("\",\"ts\":").append(1_700_000_000_000L + random.nextInt(1_000_000_000))
                .append(",\"amount\":").append(random.nextInt(100_000) / 100.0)
                .append(",\"session\":\"").append(Long.toHexString(random.nextLong()))
                .append("\",\"tags\":[\"a\",\"b\"],\"pad\":\"");
        while (sb.length() < size - 2) {
            sb.append((char) ('a' + random.nextInt(6)));
        }
        sb.append("\"}");
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(all, size);
    }

    private static byte[][] fromFile(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("payload file " + file + " has no non-empty lines");
            }
            return lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload file " + file, e);
        }
    }

    /** Keys "key-0000000".."key-(count-1)", or null when count is 0 (records without keys). */
    static byte[][] keys(int count) {
        if (count <= 0) {
            return null;
        }
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format("key-%07d", i).getBytes(StandardCharsets.US_ASCII);
        }
        return keys;
    }
}
