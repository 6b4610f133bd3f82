package dev.vltava.producer.internal.config;

import static dev.vltava.producer.ProducerConfig.ACKS_CONFIG;
import static dev.vltava.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
import static dev.vltava.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG;
import static dev.vltava.producer.ProducerConfig.LINGER_MS_CONFIG;
import static dev.vltava.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
import static dev.vltava.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG;
import static dev.vltava.producer.ProducerConfig.RETRIES_CONFIG;
import static dev.vltava.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG;

import dev.vltava.producer.Acks;
import dev.vltava.producer.ConfigException;
import dev.vltava.producer.ProducerConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules that tie several keys together, mirroring the official client (checked against kafka-clients 4.4 by
 * ProducerConfigParityTest).
 */
public final class ConfigRules {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerConfig.class);

    /** The broker remembers the last 5 batches per producer, so idempotence allows at most 5 in flight. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    private ConfigRules() {
    }

    /**
     * Decides whether idempotence is on. Kafka (3.x/4.x): on by default; if the user explicitly asked for it, any
     * conflict (acks not all, retries 0) is an error; if it is only the default, those conflicts quietly turn it
     * off. More than 5 in-flight requests is an error unless idempotence is explicitly disabled (4.x behaviour:
     * the default does not yield here). A transactional id needs idempotence.
     */
    public static boolean idempotence(ConfigValues v, short acks, int retries, int maxInFlight, String transactionalId) {
        boolean explicit = v.isSet(ENABLE_IDEMPOTENCE_CONFIG);
        boolean requested = v.boolValue(Settings.get(ENABLE_IDEMPOTENCE_CONFIG));
        if (!requested) {
            requireIdempotenceForTransactions(transactionalId, List.of(ENABLE_IDEMPOTENCE_CONFIG),
                    "enable.idempotence is false");
            return false;
        }
        if (maxInFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
            throw new ConfigException(List.of(ENABLE_IDEMPOTENCE_CONFIG, MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                    "The idempotent producer (enable.idempotence=true" + (explicit ? "" : ", the default")
                            + ") allows at most " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " in-flight requests per "
                            + "connection, but max.in.flight.requests.per.connection=" + maxInFlight
                            + "; lower it or set enable.idempotence=false");
        }
        List<String> conflicts = new ArrayList<>(2);
        List<String> reasons = new ArrayList<>(2);
        if (acks != Acks.ALL.wireValue()) {
            conflicts.add(ACKS_CONFIG);
            reasons.add("acks=" + Acks.fromWireValue(acks).configName() + " (idempotence needs acks=all)");
        }
        if (retries == 0) {
            conflicts.add(RETRIES_CONFIG);
            reasons.add("retries=0 (idempotence needs retries > 0)");
        }
        if (conflicts.isEmpty()) {
            return true;
        }
        List<String> keys = new ArrayList<>(conflicts);
        keys.add(0, ENABLE_IDEMPOTENCE_CONFIG);
        if (explicit) {
            throw new ConfigException(keys, "enable.idempotence=true conflicts with " + String.join(" and ", reasons)
                    + "; fix those settings or set enable.idempotence=false");
        }
        requireIdempotenceForTransactions(transactionalId, keys, String.join(" and ", reasons));
        LOG.info("Idempotence is disabled because of {}; set enable.idempotence=false to silence this message",
                String.join(" and ", reasons));
        return false;
    }

    private static void requireIdempotenceForTransactions(String transactionalId, List<String> keys, String why) {
        if (transactionalId != null) {
            List<String> all = new ArrayList<>(keys);
            all.add(0, TRANSACTIONAL_ID_CONFIG);
            throw new ConfigException(all, "transactional.id is set, which requires idempotence, but " + why);
        }
    }

    /**
     * A record must be allowed to wait for linger and one request: {@code delivery.timeout.ms >= linger.ms +
     * request.timeout.ms}. Like Kafka: an explicit violation is an error; the default is raised with a warning.
     */
    public static int deliveryTimeoutMs(ConfigValues v, int deliveryTimeoutMs, long lingerMs, int requestTimeoutMs) {
        // Saturating: linger.ms may be as large as Long.MAX_VALUE.
        int lingerPlusRequestMs = (int) Math.min(Math.min(lingerMs, Integer.MAX_VALUE) + (long) requestTimeoutMs,
                Integer.MAX_VALUE);
        if (deliveryTimeoutMs >= lingerPlusRequestMs) {
            return deliveryTimeoutMs;
        }
        if (v.isSet(DELIVERY_TIMEOUT_MS_CONFIG)) {
            throw new ConfigException(List.of(DELIVERY_TIMEOUT_MS_CONFIG, LINGER_MS_CONFIG, REQUEST_TIMEOUT_MS_CONFIG),
                    "delivery.timeout.ms (" + deliveryTimeoutMs + ") must be at least linger.ms + request.timeout.ms ("
                            + lingerMs + " + " + requestTimeoutMs + " = " + lingerPlusRequestMs + ")");
        }
        LOG.warn("delivery.timeout.ms is raised from its default {} to linger.ms + request.timeout.ms = {} ms; set it "
                + "explicitly to silence this warning", deliveryTimeoutMs, lingerPlusRequestMs);
        return lingerPlusRequestMs;
    }
}
