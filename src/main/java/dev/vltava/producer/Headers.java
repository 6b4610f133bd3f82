package dev.vltava.producer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The ordered headers of a record; keys may repeat. Mutable until the producer takes the record (then it becomes
 * read-only, so an interceptor or the caller cannot change headers that are already being serialized). Not
 * thread-safe.
 */
public final class Headers implements Iterable<Header> {

    /** Shared and empty until the first add, so records without headers allocate no list. */
    private List<Header> headers = Collections.emptyList();
    private boolean readOnly;

    /** Creates an empty, writable set of headers. */
    public Headers() {
    }

    /**
     * Creates writable headers holding these, in order.
     *
     * @param headers the headers to add, or {@code null} for none
     */
    public Headers(Iterable<Header> headers) {
        this();
        if (headers != null) {
            for (Header h : headers) {
                add(h);
            }
        }
    }

    /**
     * Appends a header; throws {@link IllegalStateException} once read-only.
     *
     * @param header the header to append
     * @return these headers
     */
    public Headers add(Header header) {
        checkWritable();
        Objects.requireNonNull(header, "header must not be null");
        if (!(headers instanceof ArrayList)) {
            headers = new ArrayList<>(4);
        }
        headers.add(header);
        return this;
    }

    /**
     * Appends a header (the value is copied).
     *
     * @param key the header key
     * @param value the header value, or {@code null}
     * @return these headers
     */
    public Headers add(String key, byte[] value) {
        return add(new Header(key, value));
    }

    /**
     * Removes every header with this key.
     *
     * @param key the header key
     * @return these headers
     */
    public Headers remove(String key) {
        checkWritable();
        Objects.requireNonNull(key, "key must not be null");
        if (!headers.isEmpty()) {
            headers.removeIf(h -> h.key().equals(key));
        }
        return this;
    }

    /**
     * The last header with this key.
     *
     * @param key the header key
     * @return that header, or {@code null} if there is none
     */
    public Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header h = headers.get(i);
            if (h.key().equals(key)) {
                return h;
            }
        }
        return null;
    }

    /**
     * Every header with this key, in order.
     *
     * @param key the header key
     * @return the headers with that key (empty if none)
     */
    public List<Header> headers(String key) {
        List<Header> matching = new ArrayList<>();
        for (Header h : headers) {
            if (h.key().equals(key)) {
                matching.add(h);
            }
        }
        return matching;
    }

    /** {@return a new array of all headers, in order} */
    public Header[] toArray() {
        return headers.toArray(new Header[0]);
    }

    /** {@return an unmodifiable view of all headers in order} */
    public List<Header> asList() {
        return Collections.unmodifiableList(headers);
    }

    /** {@return the number of headers} */
    public int size() {
        return headers.size();
    }

    /** {@return true if there are no headers} */
    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** Makes these headers read-only; later {@code add}/{@code remove} throw {@link IllegalStateException}. */
    public void setReadOnly() {
        readOnly = true;
    }

    /** {@return true once {@link #setReadOnly()} was called} */
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public Iterator<Header> iterator() {
        return asList().iterator();
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("headers are read-only once the record was handed to the producer");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
