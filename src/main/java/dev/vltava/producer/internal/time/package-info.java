/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Time arithmetic that every part of the engine shares: {@link dev.vltava.producer.internal.time.Deadlines} adds
 * timeouts to {@code nanoTime} stamps without wrapping. A leaf: it depends on nothing else in Vltava, so any package
 * may use it without creating a package cycle (helpers shared by several engine packages belong in a leaf like this,
 * never in the engine's root package).
 */
package dev.vltava.producer.internal.time;
