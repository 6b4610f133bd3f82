/**
 * Built-in partitioners: murmur2 for keyed records (bit-identical to Kafka's default) and sticky selection for unkeyed ones.
 */
package dev.vltava.producer.internal.partition;
