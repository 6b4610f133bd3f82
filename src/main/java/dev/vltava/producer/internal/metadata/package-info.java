/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Cluster metadata: an immutable snapshot swapped atomically, the refresh policy and the topics being waited on.
 */
package dev.vltava.producer.internal.metadata;
