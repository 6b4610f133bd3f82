package dev.vltava.producer;

/** Compression codec for record batches ({@code compression.type}). */
public enum Compression {
    /** No compression. */
    NONE("none", 0),
    /** gzip (the JDK's deflate); no extra jar needed. */
    GZIP("gzip", 1),
    /** Snappy, in the framing Kafka uses; needs snappy-java at run time. */
    SNAPPY("snappy", 2),
    /** LZ4 frame format; needs lz4-java at run time. */
    LZ4("lz4", 3),
    /** Zstandard; needs zstd-jni at run time, and brokers of Kafka 2.1 or later. */
    ZSTD("zstd", 4);

    private final String configName;
    private final int attributeId;

    Compression(String configName, int attributeId) {
        this.configName = configName;
        this.attributeId = attributeId;
    }

    /** {@return the name used in Kafka configuration, e.g. "zstd"} */
    public String configName() {
        return configName;
    }

    /** {@return the codec id stored in bits 0-2 of a record batch's attributes} */
    public int attributeId() {
        return attributeId;
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
