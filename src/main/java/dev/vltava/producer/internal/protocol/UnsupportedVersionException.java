package dev.vltava.producer.internal.protocol;

/**
 * No API version is usable: either the broker and this client share no version of an API, or a caller asked to
 * encode a version this package does not implement. The message names the API and both version ranges.
 */
public final class UnsupportedVersionException extends RuntimeException {

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
