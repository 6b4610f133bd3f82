package dev.vltava.producer.compat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Vltava's headers seen through the official {@link Headers} interface, writing through: a serializer that adds a
 * header (through {@code serialize(topic, headers, data)}) adds it to the record being sent. Once the producer has
 * taken the record, the headers are read-only and writes throw {@link IllegalStateException}, as Kafka's do.
 */
final class HeadersView implements Headers {

    private final dev.vltava.producer.Headers headers;

    HeadersView(dev.vltava.producer.Headers headers) {
        this.headers = headers;
    }

    @Override
    public Headers add(Header header) {
        headers.add(KafkaTypes.header(header));
        return this;
    }

    @Override
    public Headers add(String key, byte[] value) {
        headers.add(key, value);
        return this;
    }

    @Override
    public Headers remove(String key) {
        headers.remove(key);
        return this;
    }

    @Override
    public Header lastHeader(String key) {
        dev.vltava.producer.Header h = headers.lastHeader(key);
        return h == null ? null : official(h);
    }

    @Override
    public Iterable<Header> headers(String key) {
        List<Header> out = new ArrayList<>();
        for (dev.vltava.producer.Header h : headers.headers(key)) {
            out.add(official(h));
        }
        return out;
    }

    @Override
    public Header[] toArray() {
        dev.vltava.producer.Header[] ours = headers.toArray();
        Header[] out = new Header[ours.length];
        for (int i = 0; i < ours.length; i++) {
            out[i] = official(ours[i]);
        }
        return out;
    }

    @Override
    public Iterator<Header> iterator() {
        return List.of(toArray()).iterator();
    }

    @Override
    public String toString() {
        return "HeadersView" + headers;
    }

    private static Header official(dev.vltava.producer.Header h) {
        return new RecordHeader(h.key(), h.value());
    }
}
