/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Batch compression codecs (none, gzip, snappy in xerial framing, lz4 frame, zstd) behind one interface, with levels
 * ({@link dev.vltava.producer.internal.compress.Codecs} makes them); their decompressors, for our own batch reader; and
 * {@link dev.vltava.producer.internal.compress.CompressorPool}, the bounded set of compressors (each a native context
 * and scratch buffers) that the application threads sealing batches borrow, closed with the producer.
 */
package dev.vltava.producer.internal.compress;
