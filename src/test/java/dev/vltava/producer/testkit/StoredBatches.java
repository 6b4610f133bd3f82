package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The record batches a child-process broker stored for a topic, read straight from its log segment files: what is
 * on disk, which the official consumer does not show (it decompresses). Only the v2 batch header is read (the
 * layout is in the Kafka protocol documentation): base offset, length, magic, attributes, record count.
 */
public final class StoredBatches {
    /** Bytes from a batch's start to its magic byte, its attributes and its record count (v2 layout). */
    private static final int MAGIC_AT = 16;
    private static final int ATTRIBUTES_AT = 21;
    private static final int RECORD_COUNT_AT = 57;
    private static final int LOG_OVERHEAD = 12; // base offset (8) + batch length (4)
    /** The compression codec is in the lowest three bits of the attributes. */
    private static final int CODEC_MASK = 0x07;

    /** One stored batch; {@code codec} is the attributes' codec bits (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
    public record Batch(int partition, long baseOffset, int recordCount, int sizeInBytes, int codec) {
    }

    private StoredBatches() {
    }

    /** The attributes' codec bits for a compression.type name. */
    public static int codecBits(String compressionType) {
        return switch (compressionType) {
            case "none" -> 0;
            case "gzip" -> 1;
            case "snappy" -> 2;
            case "lz4" -> 3;
            case "zstd" -> 4;
            default -> throw new IllegalArgumentException(compressionType);
        };
    }

    /**
     * Every batch of the topic on every node of the cluster, by partition then offset. Call it once the records are
     * acknowledged: the broker has then written them to its segment files (reads go through the page cache, no
     * flush needed). With replication factor 1 each batch appears once. Skips (assumption) on a container cluster,
     * whose files are out of reach.
     */
    public static List<Batch> read(TestCluster cluster, String topic) {
        Assumptions.assumeTrue(cluster instanceof KafkaCluster || cluster instanceof VersionedBroker,
                "needs child-process brokers to read their files");
        List<BrokerNode> nodes = cluster instanceof KafkaCluster k ? k.nodes() : List.of(((VersionedBroker) cluster).node());
        List<Batch> out = new ArrayList<>();
        for (BrokerNode node : nodes) {
            try (Stream<Path> dirs = Files.list(node.dataDir())) {
                for (Path dir : dirs.toList()) {
                    String name = dir.getFileName().toString();
                    if (name.startsWith(topic + "-") && name.substring(topic.length() + 1).matches("\\d+")) {
                        int partition = Integer.parseInt(name.substring(topic.length() + 1));
                        try (Stream<Path> files = Files.list(dir)) {
                            for (Path segment : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                                readSegment(partition, segment, out);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(Comparator.comparingInt(Batch::partition).thenComparingLong(Batch::baseOffset));
        return out;
    }

    private static void readSegment(int partition, Path segment, List<Batch> out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = 0;
        while (b.limit() - at >= LOG_OVERHEAD) {
            long baseOffset = b.getLong(at);
            int size = LOG_OVERHEAD + b.getInt(at + 8);
            if (size <= LOG_OVERHEAD || at + size > b.limit()) {
                throw new IllegalStateException(segment + ": batch at byte " + at + " claims " + size
                        + " bytes, the file has " + (b.limit() - at) + " left");
            }
            if (b.get(at + MAGIC_AT) != 2) {
                throw new IllegalStateException(segment + ": batch at byte " + at + " has magic "
                        + b.get(at + MAGIC_AT) + ", expected 2");
            }
            int codec = b.getShort(at + ATTRIBUTES_AT) & CODEC_MASK;
            out.add(new Batch(partition, baseOffset, b.getInt(at + RECORD_COUNT_AT), size, codec));
            at += size;
        }
    }
}
