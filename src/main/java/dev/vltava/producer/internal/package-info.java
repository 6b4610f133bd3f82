/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The top of the engine, where its parts meet. {@link dev.vltava.producer.internal.VltavaProducer#start} is the
 * public API's one way in (called by the API's {@code Plugins}, once the plugins exist). {@code VltavaProducer}
 * implements {@code Producer}: on the caller's thread it runs the interceptors and serializers, has
 * {@code partition.Router} choose the partition and append to the accumulator, or parks the record among the waiting
 * records (the sender later routes those through the same router); {@code HeaderAdapter} hands the API's headers to
 * the batch writer. {@code Engine} wires the parts from the configuration, once for everyone (the producer, the
 * deterministic simulation and the sender tests differ only in its {@code Environment}), and starts and stops the
 * sender and completion threads.
 *
 * <p>The subpackages own the parts and never depend on this package; see {@code PackageLayersArchTest} and the
 * "Package layers" section of docs/DEVELOPMENT.md.
 */
package dev.vltava.producer.internal;
