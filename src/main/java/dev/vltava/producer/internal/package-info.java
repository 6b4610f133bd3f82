/**
 * The engine's assembly: {@link dev.vltava.producer.internal.VltavaProducer} wires the accumulator, metadata,
 * network and sender together behind the public {@code Producer} interface. The subpackages own the parts.
 */
package dev.vltava.producer.internal;
