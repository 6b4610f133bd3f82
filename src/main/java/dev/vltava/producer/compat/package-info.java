/**
 * The drop-in facade implementing the official {@code org.apache.kafka.clients.producer.Producer} over Vltava's engine. The only package allowed to import {@code org.apache.kafka}; it adapts types and holds no producer logic of its own.
 */
package dev.vltava.producer.compat;
