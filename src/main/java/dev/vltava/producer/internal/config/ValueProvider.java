package dev.vltava.producer.internal.config;

import java.util.Map;
import java.util.Set;

/**
 * A configured source of values for references of one provider alias. Created for one resolution and closed after
 * it (as Kafka does for clients): no caching, no subscriptions.
 */
public interface ValueProvider extends AutoCloseable {

    /**
     * The values of {@code keys} at {@code path}. Keys it does not have are left out of the result (the resolver
     * reports them); a path it cannot read is a {@link ProviderException} whose message never holds a value.
     */
    Map<String, String> values(String path, Set<String> keys);

    @Override
    default void close() {
    }
}
