package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The builder's typed options for client.dns.lookup and config providers. */
class ProducerBuilderSecurityOptionsTest {

    /** Serves "&lt;tag&gt;:&lt;key&gt;" for every key. */
    private static ConfigProvider tagging(String tag) {
        return (path, keys) -> {
            Map<String, String> out = new java.util.HashMap<>();
            keys.forEach(k -> out.put(k, tag + ":" + k));
            return out;
        };
    }

    @Test
    void configProviderInstancesResolveReferences() {
        ProducerConfig c = Producer.<byte[], byte[]>builder().bootstrapServers("localhost:9092")
                .config("config.providers", "file")
                .config("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .configProvider("a", tagging("A"))
                .configProvider("b", tagging("B"))
                .configProvider("a", tagging("A2")) // the same alias again replaces the instance
                .config("client.id", "${a:x}-${b:y}")
                .buildConfig();
        assertEquals("A2:x-B:y", c.clientId());
        assertEquals(List.of("file", "a", "b"), c.configProviders());
    }

    @Test
    void aliasesMustBeNames() {
        ProducerBuilder<byte[], byte[]> b = Producer.builder();
        assertThrows(IllegalArgumentException.class, () -> b.configProvider(" ", tagging("x")));
        assertThrows(IllegalArgumentException.class, () -> b.configProvider("a,b", tagging("x")));
        assertThrows(NullPointerException.class, () -> b.configProvider("a", null));
    }

    @Test
    void clientDnsLookup() {
        assertEquals(DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY, Producer.<byte[], byte[]>builder()
                .bootstrapServers("localhost:9092").clientDnsLookup(DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY)
                .buildConfig().clientDnsLookup());
        assertEquals(Set.of("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"),
                Set.of(DnsLookup.USE_ALL_DNS_IPS.configName(),
                        DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY.configName()));
    }
}
