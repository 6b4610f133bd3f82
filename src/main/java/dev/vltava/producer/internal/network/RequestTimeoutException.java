package dev.vltava.producer.internal.network;

import java.io.IOException;

/** A request got no answer within request.timeout.ms; its connection was closed. */
public final class RequestTimeoutException extends IOException {
    public RequestTimeoutException(String message) {
        super(message);
    }
}
