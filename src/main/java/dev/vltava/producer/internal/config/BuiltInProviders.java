package dev.vltava.producer.internal.config;

import java.util.Map;
import java.util.function.Function;

/**
 * The built-in providers, named by the official class names so that configurations written for {@code KafkaProducer}
 * work unchanged (and kafka-clients need not be on the class path). The implementations are ours.
 */
public final class BuiltInProviders {

    private static final String KAFKA_PROVIDERS = "org.apache.kafka.common.config.provider.";
    public static final String FILE = KAFKA_PROVIDERS + "FileConfigProvider";
    public static final String ENV = KAFKA_PROVIDERS + "EnvVarConfigProvider";
    public static final String DIRECTORY = KAFKA_PROVIDERS + "DirectoryConfigProvider";

    private static final Map<String, Function<Map<String, ?>, ValueProvider>> BY_CLASS_NAME = Map.of(
            FILE, FileValueProvider::new,
            ENV, params -> new EnvValueProvider(params, System.getenv()),
            DIRECTORY, DirectoryValueProvider::new);

    private BuiltInProviders() {
    }

    /** True if {@code className} names a built-in provider. */
    public static boolean isBuiltIn(String className) {
        return BY_CLASS_NAME.containsKey(className);
    }

    /** A new built-in provider with these parameters; a {@link ParamException} if one is invalid. */
    static ValueProvider create(String className, Map<String, ?> params) {
        return BY_CLASS_NAME.get(className).apply(params);
    }
}
