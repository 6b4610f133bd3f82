package dev.vltava.producer.internal.protocol;

/**
 * The bytes a broker sent could not be decoded: truncated, negative or oversized lengths, malformed varints, or a
 * version we do not decode. Every decoder in this package reports failures only through this type, so the network
 * layer can treat any of them as "this connection is corrupt" with a single catch.
 *
 * <p>Messages name the API, version and field path, for example
 * {@code Metadata v12 response: field topics[3].name: length 70000 exceeds remaining 12 bytes}.
 */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
