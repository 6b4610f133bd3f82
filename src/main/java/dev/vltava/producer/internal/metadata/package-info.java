/**
 * Cluster metadata: an immutable snapshot swapped atomically, the refresh policy and the topics being waited on.
 */
package dev.vltava.producer.internal.metadata;
