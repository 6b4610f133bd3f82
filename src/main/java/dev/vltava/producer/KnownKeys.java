package dev.vltava.producer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts configuration keys into: implemented by Vltava, official Kafka producer keys that Vltava accepts but does
 * not implement yet, and unknown keys (typos, other clients' settings). Logs each unknown or unimplemented key once
 * per JVM, so a producer created in a loop does not flood the log.
 */
final class KnownKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerConfig.class);

    /** Stop remembering after this many distinct keys: a bound, in case keys are generated. */
    private static final int MAX_REMEMBERED_KEYS = 1024;

    /** Official producer keys without an effect in Vltava yet (names only: a fact about Kafka's API). */
    private static final Set<String> NOT_IMPLEMENTED = Set.of(
            "bootstrap.resolve.timeout.ms", "buffer.memory.allocation.strategy",
            "client.rack", "enable.metrics.push", "metadata.cluster.check.enable",
            "metadata.recovery.rebootstrap.trigger.ms", "metadata.recovery.strategy", "metric.reporters",
            "partitioner.rack.aware",
            "security.providers", "transaction.two.phase.commit.enable", "auto.include.jmx.reporter");

    /** Kafka's string serializer reads these; they are legitimate even though no ConfigDef declares them. */
    private static final Set<String> SERIALIZER_EXTRAS = Set.of(
            "key.serializer.encoding", "value.serializer.encoding", "serializer.encoding");

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private KnownKeys() {
    }

    /** Logs keys Vltava will ignore: unknown ones as a warning, unimplemented Kafka ones as info. */
    static void logIgnoredKeys(Iterable<String> keys, Set<String> implemented) {
        for (String key : keys) {
            if (implemented.contains(key) || SERIALIZER_EXTRAS.contains(key) || isProviderSetting(key)
                    || !firstTime(key)) {
                continue;
            }
            if (NOT_IMPLEMENTED.contains(key) || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                LOG.info("Configuration '{}' is a Kafka producer setting that Vltava does not implement yet; "
                        + "it is ignored", key);
            } else {
                LOG.warn("Configuration '{}' is not a known producer setting (a typo?); it is kept in originals() "
                        + "but otherwise ignored", key);
            }
        }
    }

    /** {@code config.providers.<alias>.class} and {@code .param.*}: read by the config providers, not typos. */
    private static boolean isProviderSetting(String key) {
        return key.startsWith(ProducerConfig.CONFIG_PROVIDERS_CONFIG + ".");
    }

    private static boolean firstTime(String key) {
        return LOGGED.size() < MAX_REMEMBERED_KEYS && LOGGED.add(key);
    }
}
