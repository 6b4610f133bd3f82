package dev.vltava.producer;

import dev.vltava.producer.internal.config.ConfigResolver;
import dev.vltava.producer.internal.config.ResolutionException;
import dev.vltava.producer.internal.config.ValueProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the {@code ${provider:[path:]key}} references of a configuration before it is parsed (see
 * {@link ConfigResolver} for the rules), creating user {@link ConfigProvider}s, and holds resolved secrets as
 * {@link Password}s.
 */
final class ConfigProviders {

    private ConfigProviders() {
    }

    /** The configuration with every reference resolved; a {@link ConfigException} naming the key if one cannot be. */
    static Map<String, Object> resolve(Map<String, ?> raw) {
        ConfigResolver.Result result;
        try {
            result = ConfigResolver.resolve(raw, ConfigProviders::create);
        } catch (ResolutionException e) {
            throw new ConfigException(List.of(e.key()), e.getMessage(), e.getCause());
        }
        Map<String, Object> values = result.values();
        for (String key : result.resolvedKeys()) {
            if (SecretKeys.isSecret(key)) {
                values.put(key, new Password((String) values.get(key)));
            }
        }
        return values;
    }

    private static ValueProvider create(String classKey, Object classRef, Map<String, Object> params) {
        ConfigProvider provider = classRef instanceof ConfigProvider p ? p
                : Plugins.instantiate(classRef, ConfigProvider.class, classKey);
        provider.configure(params);
        return new ValueProvider() {
            @Override
            public Map<String, String> values(String path, Set<String> keys) {
                return provider.get(path, keys);
            }

            @Override
            public void close() {
                try {
                    provider.close();
                } catch (Exception ignored) {
                    // best effort: the values are read
                }
            }
        };
    }
}
