package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * FindCoordinator response (key 10). Versions before v4 answer for a single key and are presented as a list of one
 * coordinator whose {@code key} is {@code null} (the response does not repeat it).
 *
 * <pre>
 * v0:    error_code INT16 | node_id INT32 | host STRING | port INT32
 * v1-3:  throttle_time_ms INT32 | error_code INT16 | error_message NULLABLE_STRING | node_id INT32 | host STRING
 *        | port INT32 | tagged (v3)
 * v4+:   throttle_time_ms INT32 | coordinators COMPACT_ARRAY of { key COMPACT_STRING | node_id INT32
 *        | host COMPACT_STRING | port INT32 | error_code INT16 | error_message COMPACT_NULLABLE_STRING | tagged }
 *        | tagged
 * </pre>
 */
public record FindCoordinatorResponse(int throttleTimeMs, List<Coordinator> coordinators) {

    private static final short FIRST_WITH_THROTTLE = 1;
    private static final short FIRST_BATCHED = 4;
    /** key(1) + node_id(4) + host(1) + port(4) + error_code(2) + error_message(1) + tagged(1), all compact. */
    private static final int MIN_COORDINATOR_BYTES = 14;

    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {
    }

    public FindCoordinatorResponse {
        coordinators = List.copyOf(coordinators);
    }

    /**
     * The coordinator for {@code key}, or {@code null} if the response does not mention it. A pre-v4 response
     * answers for the one key that was asked, so its single entry is returned for any key.
     */
    public Coordinator coordinatorFor(String key) {
        for (Coordinator coordinator : coordinators) {
            if (coordinator.key() == null || Objects.equals(coordinator.key(), key)) {
                return coordinator;
            }
        }
        return null;
    }

    public static FindCoordinatorResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.FIND_COORDINATOR, version);
        return reader.guard(() -> version >= FIRST_BATCHED ? readBatched(reader) : readSingle(reader, version));
    }

    private static FindCoordinatorResponse readSingle(WireReader reader, short version) {
        int throttleTimeMs = 0;
        String errorMessage = null;
        if (version >= FIRST_WITH_THROTTLE) {
            throttleTimeMs = reader.readInt32("throttle_time_ms");
        }
        short errorCode = reader.readInt16("error_code");
        if (version >= FIRST_WITH_THROTTLE) {
            errorMessage = reader.readNullableString("error_message");
        }
        int nodeId = reader.readInt32("node_id");
        String host = reader.readString("host");
        int port = reader.readInt32("port");
        reader.skipTaggedFields();
        return new FindCoordinatorResponse(throttleTimeMs,
                List.of(new Coordinator(null, nodeId, host, port, errorCode, errorMessage)));
    }

    private static FindCoordinatorResponse readBatched(WireReader reader) {
        int throttleTimeMs = reader.readInt32("throttle_time_ms");
        int count = reader.readArrayLength("coordinators", MIN_COORDINATOR_BYTES);
        List<Coordinator> coordinators = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("coordinators", i);
            coordinators.add(new Coordinator(reader.readString("key"), reader.readInt32("node_id"),
                    reader.readString("host"), reader.readInt32("port"), reader.readInt16("error_code"),
                    reader.readNullableString("error_message")));
            reader.skipTaggedFields();
            reader.exit();
        }
        reader.skipTaggedFields();
        return new FindCoordinatorResponse(throttleTimeMs, coordinators);
    }
}
