package dev.vltava.producer;

import java.util.Map;
import java.util.Set;

/**
 * A source of configuration values for {@code ${alias:[path:]key}} references (Kafka's config providers, KIP-297).
 * Declared with {@code config.providers=alias} and {@code config.providers.alias.class}, which takes a class name or
 * {@link Class} of an implementation with a public no-argument constructor, or an instance. Kafka's
 * {@code FileConfigProvider}, {@code EnvVarConfigProvider} and {@code DirectoryConfigProvider} class names select
 * Vltava's built-in file, env and directory providers. The compat facade also accepts Kafka's own
 * {@code ConfigProvider} classes.
 *
 * <p>A provider is created (or, given as an instance, configured) each time a configuration is built, asked for the
 * references' values and closed again. It must not put the values it returns into exception messages or logs.
 */
public interface ConfigProvider extends AutoCloseable {

    /**
     * Receives the {@code config.providers.<alias>.param.*} settings, without that prefix.
     *
     * @param params the provider's parameters
     */
    default void configure(Map<String, ?> params) {
    }

    /**
     * The values of {@code keys} at {@code path} ("" when the reference has none). Keys it does not know are left out;
     * the configuration then fails naming the reference.
     *
     * @param path the reference's path, or "" when it has none
     * @param keys the keys asked for
     * @return the values found, by key
     */
    Map<String, String> get(String path, Set<String> keys);

    @Override
    default void close() {
    }
}
