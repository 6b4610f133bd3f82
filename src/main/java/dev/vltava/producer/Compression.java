package dev.vltava.producer;

/** Compression codec for record batches ({@code compression.type}). */
public enum Compression {
    NONE("none", 0),
    GZIP("gzip", 1),
    SNAPPY("snappy", 2),
    LZ4("lz4", 3),
    ZSTD("zstd", 4);

    private final String configName;
    private final int attributeId;

    Compression(String configName, int attributeId) {
        this.configName = configName;
        this.attributeId = attributeId;
    }

    /** The name used in Kafka configuration, e.g. "zstd". */
    public String configName() {
        return configName;
    }

    /** The codec id stored in bits 0-2 of a record batch's attributes. */
    public int attributeId() {
        return attributeId;
    }

    /** The codec for a configuration name (exact lower-case match, as Kafka requires). */
    public static Compression fromConfigName(String name) {
        for (Compression c : values()) {
            if (c.configName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name + "'");
    }
}
