/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The producer's settings: {@link dev.vltava.producer.internal.config.Settings}, the one table of every setting
 * (name, type, default, validator, importance, documentation, since-version, support), and the machinery that
 * parses a configuration by it ({@code ConfigValues}, {@code ValueParsers}, {@code ConfigRules},
 * {@code BootstrapServers}, {@code UnsupportedSettings}, {@code KnownKeys}); it produces the API's value types and is
 * called only by the API's configuration classes. {@code ConfigurationDoc} writes docs/configuration.md from the
 * table.
 *
 * <p>Config providers (Kafka's KIP-297 semantics): the {@code ${provider:[path:]key}} references in configuration values,
 * the built-in file, environment and directory providers, and the resolver that replaces every reference before the
 * configuration is parsed. The providers know nothing of the public API or the engine; the API adapts user
 * providers to {@link dev.vltava.producer.internal.config.ValueProvider} and turns
 * {@link dev.vltava.producer.internal.config.ResolutionException} into its own ConfigException. Messages name keys,
 * references, paths and providers, never a resolved value.
 */
package dev.vltava.producer.internal.config;
