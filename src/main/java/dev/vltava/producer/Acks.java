package dev.vltava.producer;

/** How many replicas must acknowledge a write before it counts as sent ({@code acks}). */
public enum Acks {
    /** Fire and forget: no response; offsets are unknown and failures mostly go unnoticed ({@code acks=0}). */
    NONE((short) 0),
    /** The partition leader wrote the record ({@code acks=1}). */
    LEADER((short) 1),
    /** All in-sync replicas have the record ({@code acks=all}, the default and required for idempotence). */
    ALL((short) -1);

    private final short wireValue;

    Acks(short wireValue) {
        this.wireValue = wireValue;
    }

    /** {@return the value sent in the produce request: 0, 1 or -1} */
    public short wireValue() {
        return wireValue;
    }

    /** {@return the value as written in Kafka configuration: "0", "1" or "all"} */
    public String configName() {
        return this == ALL ? "all" : Short.toString(wireValue);
    }

    /**
     * The constant for a wire value 0, 1 or -1.
     *
     * @param value the value of a produce request's acks field
     * @return the constant
     * @throws IllegalArgumentException for any other value
     */
    public static Acks fromWireValue(short value) {
        for (Acks acks : values()) {
            if (acks.wireValue == value) {
                return acks;
            }
        }
        throw new IllegalArgumentException("acks must be 0, 1 or -1 but was " + value);
    }
}
