package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** SaslHandshake response (key 17), v0-v1: {@code error_code INT16 | mechanisms ARRAY of STRING}. */
public record SaslHandshakeResponse(short errorCode, List<String> mechanisms) {

    public SaslHandshakeResponse {
        mechanisms = List.copyOf(mechanisms);
    }

    public static SaslHandshakeResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.SASL_HANDSHAKE, version);
        return reader.guard(() -> {
            short errorCode = reader.readInt16("error_code");
            int count = reader.readArrayLength("mechanisms", 2);
            List<String> mechanisms = new ArrayList<>(WireReader.presize(count));
            for (int i = 0; i < count; i++) {
                reader.enter("mechanisms", i);
                mechanisms.add(reader.readString("value"));
                reader.exit();
            }
            return new SaslHandshakeResponse(errorCode, mechanisms);
        });
    }
}
