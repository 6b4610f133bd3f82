/**
 * NIO connections: framing, correlation ids, the in-flight table and gather writes, behind the Transport seam that tests replace.
 */
package dev.vltava.producer.internal.network;
