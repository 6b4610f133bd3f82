package dev.vltava.producer.internal.compress;

/** Compressed input that is corrupt, truncated, in an unknown framing, or larger than allowed once decompressed. */
public final class DecompressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DecompressionException(String message) {
        super(message);
    }

    public DecompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
