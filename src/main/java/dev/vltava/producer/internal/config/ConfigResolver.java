package dev.vltava.producer.internal.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces every {@code ${provider:[path:]key}} reference in the string values of a configuration, before it is
 * parsed, with the value the provider gives. The providers are those listed in {@code config.providers}, each created
 * from {@code config.providers.<alias>.class} with its {@code config.providers.<alias>.param.*} settings, used for this
 * one resolution and closed again (as Kafka's clients do).
 *
 * <p>Where Kafka keeps a reference it cannot resolve as literal text, this fails: an unknown provider, a missing
 * file, key or variable, or a reference in a configuration without {@code config.providers}, is a
 * {@link ResolutionException} naming the key and the reference (never the value). Only string values are resolved:
 * anything else, a Password object for example, is taken as given. The {@code config.providers*} keys themselves are
 * not resolved.
 */
public final class ConfigResolver {

    public static final String PROVIDERS_KEY = "config.providers";
    public static final String PROVIDERS_PREFIX = PROVIDERS_KEY + ".";
    /** Kafka's system property: when set, only the provider classes it lists (comma-separated) may be created. */
    public static final String AUTOMATIC_PROVIDERS_PROPERTY = "org.apache.kafka.automatic.config.providers";

    /** Creates the providers that are not built in, from what {@code config.providers.<alias>.class} holds. */
    @FunctionalInterface
    public interface CustomProviders {
        /**
         * @param classKey {@code config.providers.<alias>.class}, for messages
         * @param classRef its value: a class name, a Class or an instance, as the caller accepts them
         * @param params   the {@code config.providers.<alias>.param.*} settings without their prefix
         */
        ValueProvider create(String classKey, Object classRef, Map<String, Object> params);
    }

    /**
     * @param values        the configuration with every reference replaced (same order as given)
     * @param resolvedKeys  keys whose values held references
     * @param substitutions every value a provider gave, mapped to the reference it replaced (for messages that must
     *                      name the reference instead of the value)
     */
    public record Result(Map<String, Object> values, Set<String> resolvedKeys, Map<String, String> substitutions) {
    }

    private ConfigResolver() {
    }

    /** The aliases in {@code config.providers} (a comma-separated string or a list), trimmed, in order. */
    public static List<String> aliases(Map<String, ?> raw) {
        return Params.list(raw, PROVIDERS_KEY);
    }

    /** True for {@code config.providers} and every {@code config.providers.*} key. */
    public static boolean isProviderKey(String key) {
        return key.equals(PROVIDERS_KEY) || key.startsWith(PROVIDERS_PREFIX);
    }

    public static Result resolve(Map<String, ?> raw, CustomProviders custom) {
        Map<String, List<Reference>> referencing = referencingKeys(raw);
        List<String> aliases = aliases(raw);
        if (aliases.isEmpty()) {
            if (!referencing.isEmpty()) {
                throw withoutProviders(referencing);
            }
            return new Result(new LinkedHashMap<>(raw), Set.of(), Map.of());
        }
        Map<String, ValueProvider> providers = new LinkedHashMap<>();
        try {
            for (String alias : aliases) {
                providers.put(alias, create(raw, alias, custom));
            }
            Map<String, Object> out = new LinkedHashMap<>(raw);
            Map<String, String> substitutions = new HashMap<>();
            if (!referencing.isEmpty()) {
                Map<Lookup, Map<String, String>> found = lookUp(referencing, providers, aliases);
                referencing.forEach((key, refs) -> out.put(key,
                        substitute(key, (String) raw.get(key), refs, found, substitutions)));
            }
            return new Result(out, Collections.unmodifiableSet(new LinkedHashSet<>(referencing.keySet())),
                    Collections.unmodifiableMap(substitutions));
        } finally {
            for (ValueProvider p : providers.values()) {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // closing is best effort, as Kafka's clients do: the values are already read
                }
            }
        }
    }

    private static Map<String, List<Reference>> referencingKeys(Map<String, ?> raw) {
        Map<String, List<Reference>> out = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (value instanceof String s && !isProviderKey(key)) {
                List<Reference> refs = Reference.findAll(s);
                if (!refs.isEmpty()) {
                    out.put(key, refs);
                }
            }
        });
        return out;
    }

    private static ResolutionException withoutProviders(Map<String, List<Reference>> referencing) {
        Map.Entry<String, List<Reference>> first = referencing.entrySet().iterator().next();
        Reference ref = first.getValue().get(0);
        return new ResolutionException(first.getKey(), "Configuration '" + first.getKey() + "' holds the "
                + "config-provider reference " + ref.providerOnly() + ", but config.providers is not set, so it "
                + "cannot be resolved (Vltava does not pass it on as literal text). Declare the provider, e.g. "
                + "config.providers=" + ref.provider() + " and config.providers." + ref.provider()
                + ".class=" + BuiltInProviders.FILE + ", or give a value meant literally as a Password object"
                + (referencing.size() > 1 ? " (" + referencing.size() + " keys hold references: "
                        + String.join(", ", referencing.keySet()) + ")" : ""), null);
    }

    private static ValueProvider create(Map<String, ?> raw, String alias, CustomProviders custom) {
        String classKey = PROVIDERS_PREFIX + alias + ".class";
        Object classRef = raw.get(classKey);
        if (classRef == null || classRef instanceof String s && s.isBlank()) {
            throw new ResolutionException(classKey, "config.providers lists '" + alias + "', but " + classKey
                    + " is not set: name the provider's class", null);
        }
        if (classRef instanceof String s) {
            classRef = s.trim();
        }
        checkAllowedBySystemProperty(classKey, classRef);
        String paramPrefix = PROVIDERS_PREFIX + alias + ".param.";
        Map<String, Object> params = new HashMap<>();
        raw.forEach((key, value) -> {
            if (key.startsWith(paramPrefix) && value != null) {
                params.put(key.substring(paramPrefix.length()), value);
            }
        });
        try {
            if (classRef instanceof String name && BuiltInProviders.isBuiltIn(name)) {
                return BuiltInProviders.create(name, Collections.unmodifiableMap(params));
            }
            ValueProvider p = custom.create(classKey, classRef, Collections.unmodifiableMap(params));
            if (p == null) {
                throw new ResolutionException(classKey, "no provider was created from " + classKey, null);
            }
            return p;
        } catch (ParamException e) {
            String paramKey = paramPrefix + e.param();
            throw new ResolutionException(paramKey, "Invalid configuration '" + paramKey + "': " + e.getMessage(), e);
        } catch (ResolutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ResolutionException(classKey, "Cannot create the config provider '" + alias + "' from "
                    + classKey + "=" + className(classRef) + ": " + e.getMessage(), e);
        }
    }

    private static void checkAllowedBySystemProperty(String classKey, Object classRef) {
        String allowed = System.getProperty(AUTOMATIC_PROVIDERS_PROPERTY);
        if (allowed == null) {
            return;
        }
        Set<String> names = Arrays.stream(allowed.split(",")).map(String::trim).collect(Collectors.toSet());
        String name = className(classRef);
        if (!names.contains(name)) {
            throw new ResolutionException(classKey, "The config provider class " + name + " (" + classKey
                    + ") is not allowed by the system property " + AUTOMATIC_PROVIDERS_PROPERTY + "=" + allowed, null);
        }
    }

    private static String className(Object classRef) {
        return classRef instanceof String s ? s
                : classRef instanceof Class<?> c ? c.getName()
                : classRef.getClass().getName();
    }

    /** One provider call: the keys wanted from one path of one provider. */
    private record Lookup(String alias, String path) {
    }

    private static Map<Lookup, Map<String, String>> lookUp(Map<String, List<Reference>> referencing,
            Map<String, ValueProvider> providers, List<String> aliases) {
        Map<Lookup, Set<String>> wanted = new LinkedHashMap<>();
        referencing.forEach((key, refs) -> {
            for (Reference ref : refs) {
                if (!providers.containsKey(ref.provider())) {
                    throw new ResolutionException(key, "Configuration '" + key + "' refers to the config provider '"
                            + ref.provider() + "' (" + ref.providerOnly() + "), which config.providers=" + aliases
                            + " does not declare", null);
                }
                wanted.computeIfAbsent(new Lookup(ref.provider(), ref.path()), l -> new HashSet<>()).add(ref.key());
            }
        });
        Map<Lookup, Map<String, String>> found = new HashMap<>();
        wanted.forEach((lookup, keys) -> {
            try {
                Map<String, String> values = providers.get(lookup.alias()).values(lookup.path(), keys);
                found.put(lookup, values == null ? Map.of() : values);
            } catch (RuntimeException e) {
                String key = firstKeyUsing(referencing, lookup);
                throw new ResolutionException(key, "Cannot resolve " + describe(referencing.get(key), lookup)
                        + " in configuration '" + key + "': " + e.getMessage(), e);
            }
        });
        return found;
    }

    private static String firstKeyUsing(Map<String, List<Reference>> referencing, Lookup lookup) {
        for (Map.Entry<String, List<Reference>> e : referencing.entrySet()) {
            for (Reference ref : e.getValue()) {
                if (ref.provider().equals(lookup.alias()) && ref.path().equals(lookup.path())) {
                    return e.getKey();
                }
            }
        }
        throw new IllegalStateException("no key uses " + lookup);
    }

    private static String describe(List<Reference> refs, Lookup lookup) {
        for (Reference ref : refs) {
            if (ref.provider().equals(lookup.alias()) && ref.path().equals(lookup.path())) {
                return ref.text();
            }
        }
        return "${" + lookup.alias() + ":" + lookup.path() + ":...}";
    }

    private static String substitute(String key, String value, List<Reference> refs,
            Map<Lookup, Map<String, String>> found, Map<String, String> substitutions) {
        StringBuilder out = new StringBuilder(value.length());
        int at = 0;
        List<String> missing = new ArrayList<>(0);
        for (Reference ref : refs) {
            String replacement = found.get(new Lookup(ref.provider(), ref.path())).get(ref.key());
            if (replacement == null) {
                missing.add(ref.text());
                continue;
            }
            out.append(value, at, ref.start()).append(replacement);
            substitutions.putIfAbsent(replacement, ref.text());
            at = ref.end();
        }
        if (!missing.isEmpty()) {
            throw new ResolutionException(key, "Cannot resolve " + String.join(", ", missing) + " in configuration '"
                    + key + "': the provider has no such key", null);
        }
        out.append(value, at, value.length());
        return out.toString();
    }
}
