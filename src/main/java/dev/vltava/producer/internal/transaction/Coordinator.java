package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.internal.metadata.BrokerAddress;

/**
 * A coordinator (of the transactional id, or of a consumer group) as last found by FindCoordinator: its broker, or
 * none while unknown. Sender thread only.
 */
final class Coordinator {
    final byte keyType;
    String key;
    /** The coordinator's broker, or null until found (and after it moved). */
    BrokerAddress address;

    Coordinator(byte keyType, String key) {
        this.keyType = keyType;
        this.key = key;
    }

    /** The coordinator moved, or its connection failed: find it again before the next request. */
    void forget() {
        address = null;
    }

    /** Look up a different key (another consumer group); the old coordinator is forgotten. */
    void use(String newKey) {
        if (!newKey.equals(key)) {
            key = newKey;
            address = null;
        }
    }

    @Override
    public String toString() {
        return (keyType == 0 ? "group" : "transaction") + " coordinator for " + key
                + (address == null ? " (unknown)" : " (" + address + ")");
    }
}
