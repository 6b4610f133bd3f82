/**
 * Batch compression codecs (none, gzip, snappy in xerial framing, lz4 frame, zstd) behind one interface, with levels.
 */
package dev.vltava.producer.internal.compress;
