package dev.vltava.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A metric's identity as the official client names it: {@code name} within a {@code group}, and {@code tags}
 * ({@code client-id}, plus {@code topic} or {@code node-id} for per-topic and per-broker metrics). Equal when name,
 * group and tags are; the description is not part of the identity.
 */
public final class MetricName {
    private final String name;
    private final String group;
    private final Map<String, String> tags;
    private final String description;

    public MetricName(String name, String group, Map<String, String> tags, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.group = Objects.requireNonNull(group, "group");
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        this.description = description == null ? "" : description;
    }

    /** The metric's name, e.g. {@code record-send-rate}. */
    public String name() {
        return name;
    }

    /** Its group: {@code producer-metrics}, {@code producer-topic-metrics}, {@code producer-node-metrics}, ... */
    public String group() {
        return group;
    }

    /** Its tags, read-only, in a stable order ({@code client-id} first). */
    public Map<String, String> tags() {
        return tags;
    }

    /** What it measures, and in which unit. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName m && m.name.equals(name) && m.group.equals(group) && m.tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, group, tags);
    }

    @Override
    public String toString() {
        return group + ":" + name + tags;
    }
}
