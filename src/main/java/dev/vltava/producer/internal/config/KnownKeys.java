package dev.vltava.producer.internal.config;

import dev.vltava.producer.ProducerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports keys that are not producer settings. They are not errors: serializers, partitioners and interceptors
 * receive every key in {@code configure()} and may read their own (for example {@code schema.registry.url}), as with
 * the official client. Such keys are logged once at INFO, in one line per configuration, and each key only the first
 * time this JVM sees it, so a producer created in a loop does not flood the log.
 */
public final class KnownKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerConfig.class);

    /** Stop remembering after this many distinct keys: a bound, in case keys are generated. */
    private static final int MAX_REMEMBERED_KEYS = 1024;

    /** Kafka's string serializer reads these; they are legitimate even though no ConfigDef declares them. */
    private static final Set<String> SERIALIZER_EXTRAS = Set.of(
            "key.serializer.encoding", "value.serializer.encoding", "serializer.encoding");

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private KnownKeys() {
    }

    /**
     * The keys that are not producer settings (not in {@link Settings}, not a config provider's own setting, not
     * the string serializer's encoding), in the order given.
     */
    public static List<String> unknownKeys(Iterable<String> keys) {
        List<String> unknown = new ArrayList<>();
        for (String key : keys) {
            if (Settings.find(key) == null && !SERIALIZER_EXTRAS.contains(key) && !isProviderSetting(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Logs, once at INFO, the {@link #unknownKeys} this JVM has not reported before. */
    public static void logUnknownKeys(Iterable<String> keys) {
        List<String> fresh = new ArrayList<>();
        for (String key : unknownKeys(keys)) {
            if (firstTime(key)) {
                fresh.add(key);
            }
        }
        if (!fresh.isEmpty()) {
            LOG.info("Settings {} are not producer settings: the producer itself ignores them and hands them to the "
                    + "serializers, partitioner and interceptors, which may read them", fresh);
        }
    }

    /** {@code config.providers.<alias>.class} and {@code .param.*}: read by the config providers. */
    private static boolean isProviderSetting(String key) {
        return key.startsWith(ProducerConfig.CONFIG_PROVIDERS_CONFIG + ".");
    }

    private static boolean firstTime(String key) {
        return LOGGED.size() < MAX_REMEMBERED_KEYS && LOGGED.add(key);
    }
}
