package dev.vltava.producer.internal.record;

/**
 * What the batch writer needs from a record header. The public header type implements this, so records reach the
 * writer without copying.
 */
public interface RecordHeader {
    /** The header key; never null. Written as UTF-8. */
    String key();

    /** The header value; may be null. */
    byte[] value();
}
