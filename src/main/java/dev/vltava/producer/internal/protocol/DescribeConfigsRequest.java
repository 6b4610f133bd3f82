package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * DescribeConfigs request (key 32): the current value of some (or all) configuration keys of some resources.
 *
 * <pre>
 * v1-3:  resources ARRAY of { resource_type INT8 | resource_name STRING
 *                             | configuration_keys NULLABLE ARRAY of STRING (null = every key) }
 *        include_synonyms BOOLEAN
 * v3+:   include_documentation BOOLEAN
 * v4+:   compact strings and arrays; tagged fields after each resource and at the end
 * </pre>
 */
public record DescribeConfigsRequest(List<Resource> resources, boolean includeSynonyms, boolean includeDocumentation)
        implements RequestBody {

    /** resource_type of a topic (config resource types: 2 topic, 4 broker, 8 broker logger, 16 client metrics). */
    public static final byte RESOURCE_TYPE_TOPIC = 2;

    private static final short FIRST_WITH_DOCUMENTATION = 3;

    /** One resource; {@code configurationKeys == null} asks for every key. */
    public record Resource(byte resourceType, String resourceName, List<String> configurationKeys) {
        public Resource {
            Objects.requireNonNull(resourceName, "resourceName");
            configurationKeys = configurationKeys == null ? null : List.copyOf(configurationKeys);
        }
    }

    public DescribeConfigsRequest {
        resources = List.copyOf(resources);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.DESCRIBE_CONFIGS.checkImplemented(version);
        boolean flexible = ApiKey.DESCRIBE_CONFIGS.isFlexible(version);
        int size = Wire.sizeOfArrayLength(resources.size(), flexible);
        for (Resource resource : resources) {
            size += 1 + Wire.sizeOfString(resource.resourceName(), flexible);
            List<String> keys = resource.configurationKeys();
            size += Wire.sizeOfArrayLength(keys == null ? -1 : keys.size(), flexible);
            if (keys != null) {
                for (String key : keys) {
                    size += Wire.sizeOfString(key, flexible);
                }
            }
            if (flexible) {
                size += Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
            }
        }
        size += 1; // include_synonyms
        size += version >= FIRST_WITH_DOCUMENTATION ? 1 : 0;
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.DESCRIBE_CONFIGS.checkImplemented(version);
        boolean flexible = ApiKey.DESCRIBE_CONFIGS.isFlexible(version);
        Wire.writeArrayLength(buffer, resources.size(), flexible);
        for (Resource resource : resources) {
            buffer.put(resource.resourceType());
            Wire.writeString(buffer, resource.resourceName(), flexible);
            List<String> keys = resource.configurationKeys();
            Wire.writeArrayLength(buffer, keys == null ? -1 : keys.size(), flexible);
            if (keys != null) {
                for (String key : keys) {
                    Wire.writeString(buffer, key, flexible);
                }
            }
            if (flexible) {
                Wire.writeEmptyTaggedFields(buffer);
            }
        }
        buffer.put((byte) (includeSynonyms ? 1 : 0));
        if (version >= FIRST_WITH_DOCUMENTATION) {
            buffer.put((byte) (includeDocumentation ? 1 : 0));
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }
}
