package dev.vltava.producer;

import dev.vltava.producer.internal.config.ConfigResolver;
import dev.vltava.producer.internal.config.ResolutionException;
import dev.vltava.producer.internal.config.ValueProvider;
import dev.vltava.producer.internal.config.SecretKeys;
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

    /**
     * A configuration with every reference resolved, and what must not be shown in messages about it: the values
     * providers gave, and the values of secret keys.
     */
    record Resolved(Map<String, Object> values, Map<String, String> substitutions) {

        /**
         * The exception with every provider value in its message replaced by the reference it came from, and every
         * secret value by {@value Password#HIDDEN}; the exception itself when its message holds none.
         */
        ConfigException redact(ConfigException e) {
            String message = e.getMessage();
            if (message == null) {
                return e;
            }
            String redacted = message;
            for (Map.Entry<String, String> s : sensitive().entrySet()) {
                redacted = redacted.replace(s.getKey(), s.getValue());
            }
            if (redacted.equals(message)) {
                return e;
            }
            Throwable cause = e.getCause();
            boolean causeClean = cause == null || cause.getMessage() == null
                    || sensitive().keySet().stream().noneMatch(cause.getMessage()::contains);
            ConfigException clean = new ConfigException(e.keys(), redacted, causeClean ? cause : null);
            clean.setStackTrace(e.getStackTrace());
            return clean;
        }

        /** Value to hide, mapped to what is shown instead; longest first, so that a value inside another is not cut. */
        private Map<String, String> sensitive() {
            Map<String, String> out = new java.util.TreeMap<>(
                    java.util.Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
            substitutions.forEach((value, reference) -> {
                if (value.length() >= MIN_REDACTED_LENGTH) {
                    out.put(value, reference);
                }
            });
            values.forEach((key, value) -> {
                String secret = value instanceof Password p ? p.value() : value instanceof String s ? s : null;
                if (SecretKeys.isSecret(key) && secret != null && secret.length() >= MIN_REDACTED_LENGTH) {
                    out.put(secret, Password.HIDDEN);
                }
            });
            return out;
        }
    }

    /** Shorter values (a "1", an "all") would garble messages when replaced, and guard nothing. */
    private static final int MIN_REDACTED_LENGTH = 3;

    /** The configuration with every reference resolved; a {@link ConfigException} naming the key if one cannot be. */
    static Resolved resolve(Map<String, ?> raw) {
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
        return new Resolved(values, result.substitutions());
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
