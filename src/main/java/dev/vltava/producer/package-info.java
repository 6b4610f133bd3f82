/**
 * Vltava's public API: the producer, its builder and configuration, records, metadata, callbacks, serializers, partitioners, interceptors and the exception types callers catch. Nothing here exposes an internal type.
 */
package dev.vltava.producer;
