package dev.vltava.producer.internal.compress;

import java.util.Locale;

/**
 * The batch compression codecs of record batch v2. The id is the value of the low three bits of the batch attributes;
 * the config name is the value of the {@code compression.type} setting.
 *
 * <p>Levels follow KIP-390: gzip 1..9 (default -1, meaning the Deflater default), lz4 1..17 (default 9, which selects
 * the fast compressor; any other level selects LZ4 HC at that level), zstd -131072..22 (default 3). None and snappy have
 * no levels: any level passed for them is ignored.
 */
public enum CompressionType {
    NONE(0, "none", 0, 0, 0),
    GZIP(1, "gzip", 1, 9, -1),
    SNAPPY(2, "snappy", 0, 0, 0),
    LZ4(3, "lz4", 1, 17, 9),
    ZSTD(4, "zstd", -131_072, 22, 3);

    private static final CompressionType[] BY_ID = values();

    private final byte id;
    private final String configName;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    CompressionType(int id, String configName, int minLevel, int maxLevel, int defaultLevel) {
        this.id = (byte) id;
        this.configName = configName;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    /** The codec id as written in bits 0-2 of the batch attributes. */
    public byte id() {
        return id;
    }

    /** The name used by the {@code compression.type} setting, e.g. {@code "lz4"}. */
    public String configName() {
        return configName;
    }

    /** Whether this codec takes a compression level at all (false for none and snappy). */
    public boolean hasLevels() {
        return this == GZIP || this == LZ4 || this == ZSTD;
    }

    /** Lowest valid level; 0 for codecs without levels. */
    public int minLevel() {
        return minLevel;
    }

    /** Highest valid level; 0 for codecs without levels. */
    public int maxLevel() {
        return maxLevel;
    }

    /** The level used when none is configured; 0 for codecs without levels. */
    public int defaultLevel() {
        return defaultLevel;
    }

    /**
     * Checks a configured level: within [minLevel, maxLevel] or equal to the default level (gzip's default, -1, lies
     * outside its range). Codecs without levels accept any value because they ignore it.
     *
     * @throws IllegalArgumentException naming the codec and its valid range
     */
    public void validateLevel(int level) {
        if (!hasLevels() || level == defaultLevel || (level >= minLevel && level <= maxLevel)) {
            return;
        }
        throw new IllegalArgumentException("Invalid " + configName + " compression level " + level + ": must be between "
                + minLevel + " and " + maxLevel + (defaultLevel < minLevel ? " or " + defaultLevel + " (default)" : ""));
    }

    /**
     * The codec with this config name. Matching ignores case and surrounding whitespace.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static CompressionType forName(String name) {
        if (name != null) {
            String normalized = name.trim().toLowerCase(Locale.ROOT);
            for (CompressionType type : BY_ID) {
                if (type.configName.equals(normalized)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("Unknown compression type '" + name + "': valid values are "
                + "none, gzip, snappy, lz4, zstd");
    }

    /**
     * The codec with this attributes id.
     *
     * @throws IllegalArgumentException for ids 5..7 and anything else outside 0..4
     */
    public static CompressionType forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("Unknown compression type id " + id + ": valid ids are 0 to "
                    + (BY_ID.length - 1));
        }
        return BY_ID[id];
    }

    @Override
    public String toString() {
        return configName;
    }
}
