package dev.vltava.producer.testkit;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * KRaft cluster ids: 16 random bytes in URL-safe Base64 without padding. One id in 64 would start with '-', which
 * the storage tool's argument parser reads as an option ("--cluster-id: expected one argument"), so such ids are
 * drawn again (as Kafka's own id generator does).
 */
public final class ClusterIds {
    private ClusterIds() {
    }

    public static String newClusterId() {
        return newClusterId(UUID::randomUUID);
    }

    static String newClusterId(Supplier<UUID> uuids) {
        while (true) {
            UUID u = uuids.get();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
