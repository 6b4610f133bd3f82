package dev.vltava.producer;

/**
 * Compression codec for record batches ({@code compression.type}). The engine maps each to its codec (wire id, levels)
 * in one place; this enum only names the choice.
 */
public enum Compression {
    /** No compression. */
    NONE("none"),
    /** gzip (the JDK's deflate); no extra jar needed. */
    GZIP("gzip"),
    /** Snappy, in the framing Kafka uses; needs snappy-java at run time. */
    SNAPPY("snappy"),
    /** LZ4 frame format; needs lz4-java at run time. */
    LZ4("lz4"),
    /** Zstandard; needs zstd-jni at run time, and brokers of Kafka 2.1 or later. */
    ZSTD("zstd");

    private final String configName;

    Compression(String configName) {
        this.configName = configName;
    }

    /** {@return the name used in Kafka configuration, e.g. "zstd"} */
    public String configName() {
        return configName;
    }

    /**
     * The codec for a configuration name (exact lower-case match, as Kafka requires).
     *
     * @param name the {@code compression.type} value, e.g. {@code "lz4"}
     * @return the codec
     * @throws IllegalArgumentException if no codec has that name
     */
    public static Compression fromConfigName(String name) {
        for (Compression c : values()) {
            if (c.configName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name + "'");
    }
}
