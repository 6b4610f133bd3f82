package dev.vltava.producer.internal.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes docs/configuration.md from {@link Settings}: a fixed introduction, then one table per section with every
 * setting's key, default, allowed values, importance, Kafka since-version, what Vltava does with it, and its
 * documentation. Regenerate with {@value #COMMAND}; ConfigurationDocTest fails when the committed file differs.
 */
public final class ConfigurationDoc {

    /** The command that rewrites docs/configuration.md from the table. */
    public static final String COMMAND =
            "mvn -B -o -q test -Dtest=ConfigurationDocTest -Dvltava.docs.write=true";

    private static final String INTRO = """
            # Configuration

            <!-- Generated from dev.vltava.producer.internal.config.Settings by ConfigurationDoc: do not edit by hand.
                 Regenerate with: %s -->

            One configuration, two ways to write it: Kafka's property keys (a `Map` or `Properties`, the same names,
            types and defaults as the official producer) or the typed builder. Both produce the same immutable
            `ProducerConfig`.

            ```java
            Producer<String, String> p = Producer.<String, String>builder()
                    .bootstrapServers("broker1:9092", "broker2:9092")
                    .acks(Acks.ALL)
                    .lingerMs(10)
                    .compression(Compression.LZ4)
                    .keySerializer(Serializers.string())
                    .valueSerializer(Serializers.string())
                    .build();

            Properties props = new Properties();
            props.put("bootstrap.servers", "broker1:9092");
            props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer"); // mapped to our built-in
            props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            Producer<String, String> q = Producer.create(props);
            ```

            Invalid values and contradictions fail construction with a `ConfigException` naming the key(s), the value
            and the rule (`keys()` lists them). Every key of the official producer is listed below, with what Vltava
            does with it:

            - **yes**: implemented.
            - **no effect**: validated as Kafka validates it, then without effect in a producer; the note says why
              this is harmless.
            - **partly**: some values work; the others are rejected with a `ConfigException` that says what to use
              instead.
            - **no**: only Kafka's default is accepted (a property file that spells out the defaults still works); any
              other value is rejected with a `ConfigException` that says what to use instead.

            Keys that are not producer settings (for example `schema.registry.url`) are not errors: they are handed to
            the serializers, partitioner and interceptors in `configure()`, as the official client does, and logged
            once at INFO as not used by the producer itself. *Since* is the Apache Kafka producer version that
            introduced the key ("2.8 or earlier" for keys older than the oldest client the test kit runs).
            """;

    private static final String OUTRO = """

            ## More on some settings

            `partitioner.adaptive.partitioning.enable` (default true): when the sticky partition moves on, partitions
            with fewer batches queued are likelier to be chosen (weight `max + 1 - queued`), so a slow broker gets less
            new data (KIP-794); partitions without a leader are avoided either way.

            `partitioner.availability.timeout.ms` (default 0 = off; only with adaptive partitioning, as in Kafka): when
            a broker had batches ready but could not take a request for longer than this (its connection is down, or
            full with `max.in.flight.requests.per.connection` requests it does not answer), records without a key stop
            going to its partitions until it takes requests again. A broker avoided this way with nothing queued for it
            is offered new records again after another timeout, since nothing else would show that it recovered. Keyed
            records and records with an explicit partition, or from a custom partitioner, are not affected.

            Transactions: `transactional.id` requires idempotence (`enable.idempotence=false` with a
            `transactional.id` is a `ConfigException`, as in Kafka). See [transactions](transactions.md); TLS and SASL:
            [security](security.md).
            """;

    private ConfigurationDoc() {
    }

    /** The whole document. */
    public static String render() {
        StringBuilder out = new StringBuilder(INTRO.formatted(COMMAND));
        for (Settings.Section section : Settings.Section.values()) {
            out.append("\n## ").append(section.title()).append("\n\n");
            out.append("| key | default | allowed | importance | since | in Vltava | what it does |\n");
            out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
            for (SettingDef def : Settings.section(section)) {
                out.append("| `").append(def.name()).append("` | ").append(defaultText(def)).append(" | ")
                        .append(allowedText(def)).append(" | ").append(def.importance().name().toLowerCase())
                        .append(" | ").append(def.since()).append(" | ").append(supportText(def)).append(" | ")
                        .append(cell(def.doc())).append(noteText(def)).append(" |\n");
            }
        }
        return out.append(OUTRO).toString();
    }

    private static String defaultText(SettingDef def) {
        if (def.required()) {
            return "(required)";
        }
        Object d = def.defaultValue();
        if (d == null) {
            return "unset";
        }
        if (d instanceof List<?> list) {
            return list.isEmpty() ? "empty list" : "`" + list.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + "`";
        }
        String s = d.toString();
        return s.isEmpty() ? "empty" : "`" + s + "`";
    }

    private static String allowedText(SettingDef def) {
        String rule = def.validator().describe();
        String type = def.type().name().toLowerCase();
        return rule.isEmpty() ? type : type + ": " + cell(rule);
    }

    private static String supportText(SettingDef def) {
        return switch (def.support()) {
            case IMPLEMENTED -> "yes";
            case NO_EFFECT -> "no effect";
            case PARTIAL -> "partly";
            case NOT_SUPPORTED -> "no";
        };
    }

    private static String noteText(SettingDef def) {
        return def.note() == null ? "" : " *Vltava:* " + cell(def.note()) + ".";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
