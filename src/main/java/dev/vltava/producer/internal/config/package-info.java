/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Config providers (Kafka's KIP-297 semantics): the {@code ${provider:[path:]key}} references in configuration values,
 * the built-in file, environment and directory providers, and the resolver that replaces every reference before the
 * configuration is parsed. A leaf package: it knows nothing of the public API or the engine; the API adapts user
 * providers to {@link dev.vltava.producer.internal.config.ValueProvider} and turns
 * {@link dev.vltava.producer.internal.config.ResolutionException} into its own ConfigException. Messages name keys,
 * references, paths and providers, never a resolved value.
 */
package dev.vltava.producer.internal.config;
