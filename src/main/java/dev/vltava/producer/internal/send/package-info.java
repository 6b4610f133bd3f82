/**
 * The sender loop: draining ready batches, building produce requests, handling responses, retries, backoff and delivery timeouts.
 */
package dev.vltava.producer.internal.send;
