package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;

/** Receives the outcome of one request, on the sender thread. Exactly one method is called, once. */
public interface ResponseHandler {
    /**
     * The response body (after its header), or null for a request that expects no response (Produce with acks=0),
     * called once it is fully written.
     */
    void onResponse(ByteBuffer body, short version, long nowNs);

    /**
     * The request failed: its connection closed before the answer came (or, for a request that expects none, before
     * it was fully written), request.timeout.ms passed (for one that expects none: without it being written), or the
     * answer could not be decoded.
     */
    void onFailure(Exception cause, long nowNs);
}
