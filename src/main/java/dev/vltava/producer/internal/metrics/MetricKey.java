package dev.vltava.producer.internal.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A metric's identity: name, group and tags (in the order given), plus its description, which is not part of the
 * identity (two keys with the same name, group and tags are the same metric).
 */
public final class MetricKey {
    private final String name;
    private final String group;
    private final Map<String, String> tags;
    private final String description;

    public MetricKey(String name, String group, Map<String, String> tags, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.group = Objects.requireNonNull(group, "group");
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        this.description = description == null ? "" : description;
    }

    public String name() {
        return name;
    }

    public String group() {
        return group;
    }

    /** Read-only, in the order given. */
    public Map<String, String> tags() {
        return tags;
    }

    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricKey k && k.name.equals(name) && k.group.equals(group) && k.tags.equals(tags);
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
