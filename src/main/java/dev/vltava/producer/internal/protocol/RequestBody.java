package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * The body of one request (everything after the request header), encodable at any version its {@link #apiKey()}
 * implements. Implementations are immutable.
 */
public interface RequestBody {

    ApiKey apiKey();

    /**
     * Exact number of bytes {@link #writeTo} will write at {@code version}.
     *
     * @throws UnsupportedVersionException if the version is not implemented
     * @throws IllegalArgumentException if this body cannot be expressed at {@code version}
     */
    int sizeInBytes(short version);

    /**
     * Writes the body at the buffer's position; the buffer must have {@link #sizeInBytes} bytes remaining.
     *
     * @throws UnsupportedVersionException if the version is not implemented
     * @throws IllegalArgumentException if this body cannot be expressed at {@code version}
     */
    void writeTo(ByteBuffer buffer, short version);
}
