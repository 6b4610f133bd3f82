package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * DescribeConfigs response (key 32), v1 to v4. Synonyms are read (to get past them) but not kept: we never ask for
 * them. Documentation and the config type (v3+) are read and dropped likewise.
 *
 * <pre>
 * throttle_time_ms INT32
 * results ARRAY of {
 *     error_code INT16 | error_message NULLABLE_STRING | resource_type INT8 | resource_name STRING
 *     configs ARRAY of {
 *         name STRING | value NULLABLE_STRING | read_only BOOLEAN | config_source INT8 | is_sensitive BOOLEAN
 *         synonyms ARRAY of { name STRING | value NULLABLE_STRING | source INT8 | tagged (v4+) }
 *         config_type INT8 (v3+) | documentation NULLABLE_STRING (v3+) | tagged (v4+) }
 *     | tagged (v4+) }
 * tagged (v4+); from v4 all strings and arrays use compact encodings
 * </pre>
 */
public record DescribeConfigsResponse(int throttleTimeMs, List<Result> results) {

    /** config_source: set on the topic itself. */
    public static final byte SOURCE_TOPIC_CONFIG = 1;
    /** config_source: Kafka's built-in default (nobody set it). */
    public static final byte SOURCE_DEFAULT_CONFIG = 5;

    private static final short FIRST_WITH_TYPE_AND_DOCUMENTATION = 3;

    /** error_code(2) + error_message(1) + resource_type(1) + resource_name(1) + configs(1) + tagged(1), compact. */
    private static final int MIN_RESULT_BYTES = 7;
    /** name(1) + value(1) + read_only(1) + config_source(1) + is_sensitive(1) + synonyms(1) + tagged(1), compact. */
    private static final int MIN_CONFIG_BYTES = 7;
    /** name(1) + value(1) + source(1) + tagged(1), compact. */
    private static final int MIN_SYNONYM_BYTES = 4;

    /** The answer for one resource; a non-zero error code means {@code configs} is empty or meaningless. */
    public record Result(short errorCode, String errorMessage, byte resourceType, String resourceName,
                         List<Config> configs) {
        public Result {
            configs = List.copyOf(configs);
        }

        /** The config called {@code name}, or {@code null} if the broker did not list it. */
        public Config config(String name) {
            for (Config config : configs) {
                if (config.name().equals(name)) {
                    return config;
                }
            }
            return null;
        }
    }

    /** One configuration entry; {@code value} is null for sensitive entries and entries without a value. */
    public record Config(String name, String value, boolean readOnly, byte configSource, boolean isSensitive) {
        /** True when nobody set the value (the broker reports Kafka's built-in default). */
        public boolean isDefault() {
            return configSource == SOURCE_DEFAULT_CONFIG;
        }
    }

    public DescribeConfigsResponse {
        results = List.copyOf(results);
    }

    /** The result for the resource, or {@code null} if the response does not mention it. */
    public Result resultFor(byte resourceType, String resourceName) {
        for (Result result : results) {
            if (result.resourceType() == resourceType && result.resourceName().equals(resourceName)) {
                return result;
            }
        }
        return null;
    }

    public static DescribeConfigsResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.DESCRIBE_CONFIGS, version);
        return reader.guard(() -> read(reader, version));
    }

    private static DescribeConfigsResponse read(WireReader reader, short version) {
        int throttleTimeMs = reader.readInt32("throttle_time_ms");
        int count = reader.readArrayLength("results", MIN_RESULT_BYTES);
        List<Result> results = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("results", i);
            results.add(readResult(reader, version));
            reader.exit();
        }
        reader.skipTaggedFields();
        return new DescribeConfigsResponse(throttleTimeMs, results);
    }

    private static Result readResult(WireReader reader, short version) {
        short errorCode = reader.readInt16("error_code");
        String errorMessage = reader.readNullableString("error_message");
        byte resourceType = reader.readInt8("resource_type");
        String resourceName = reader.readString("resource_name");
        int count = reader.readArrayLength("configs", MIN_CONFIG_BYTES);
        List<Config> configs = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("configs", i);
            configs.add(readConfig(reader, version));
            reader.exit();
        }
        reader.skipTaggedFields();
        return new Result(errorCode, errorMessage, resourceType, resourceName, configs);
    }

    private static Config readConfig(WireReader reader, short version) {
        String name = reader.readString("name");
        String value = reader.readNullableString("value");
        boolean readOnly = reader.readBoolean("read_only");
        byte configSource = reader.readInt8("config_source");
        boolean isSensitive = reader.readBoolean("is_sensitive");
        skipSynonyms(reader);
        if (version >= FIRST_WITH_TYPE_AND_DOCUMENTATION) {
            reader.readInt8("config_type");
            reader.readNullableString("documentation");
        }
        reader.skipTaggedFields();
        return new Config(name, value, readOnly, configSource, isSensitive);
    }

    private static void skipSynonyms(WireReader reader) {
        int count = reader.readArrayLength("synonyms", MIN_SYNONYM_BYTES);
        for (int i = 0; i < count; i++) {
            reader.enter("synonyms", i);
            reader.readString("name");
            reader.readNullableString("value");
            reader.readInt8("source");
            reader.skipTaggedFields();
            reader.exit();
        }
    }
}
