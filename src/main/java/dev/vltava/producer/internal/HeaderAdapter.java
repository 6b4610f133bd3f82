package dev.vltava.producer.internal;

import dev.vltava.producer.Header;
import dev.vltava.producer.Headers;
import dev.vltava.producer.internal.record.RecordHeader;

/** Presents public headers to the batch writer (which must not depend on the public API). */
final class HeaderAdapter implements RecordHeader {
    private static final RecordHeader[] NONE = new RecordHeader[0];
    private final Header header;

    private HeaderAdapter(Header header) {
        this.header = header;
    }

    static RecordHeader[] of(Headers headers) {
        if (headers == null || headers.isEmpty()) {
            return NONE;
        }
        Header[] hs = headers.toArray();
        RecordHeader[] out = new RecordHeader[hs.length];
        for (int i = 0; i < hs.length; i++) {
            out[i] = new HeaderAdapter(hs[i]);
        }
        return out;
    }

    @Override
    public String key() {
        return header.key();
    }

    @Override
    public byte[] value() {
        return header.value();
    }
}
