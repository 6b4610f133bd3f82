/**
 * Batch compression codecs (none, gzip, snappy in xerial framing, lz4 frame, zstd) behind one interface, with levels
 * ({@link dev.vltava.producer.internal.compress.Codecs} makes them); their decompressors, for our own batch reader; and
 * {@link dev.vltava.producer.internal.compress.CompressorPool}, the bounded set of compressors (each a native context
 * and scratch buffers) that the application threads sealing batches borrow, closed with the producer.
 */
package dev.vltava.producer.internal.compress;
