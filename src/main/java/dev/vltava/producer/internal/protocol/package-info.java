/**
 * Kafka wire protocol: primitives, request/response headers, API keys and version negotiation, one codec per API, and the broker error-code table. Knows nothing of batching, retries or threads.
 */
package dev.vltava.producer.internal.protocol;
