package dev.vltava.bench;

/** Where a benchmark sends: a broker the tool started, a sink, or an existing cluster. */
interface Cluster extends AutoCloseable {

    /** Where administration (topic creation) connects: plaintext. */
    String bootstrapServers();

    /** Where producers connect: the plaintext listener, or with {@code overTls} the TLS one. */
    default String producerBootstrapServers(boolean overTls) {
        if (overTls) {
            throw new IllegalStateException(kind() + " has no TLS listener");
        }
        return bootstrapServers();
    }

    /** The producer settings that reach the TLS listener (security.protocol, ssl.truststore.*). */
    default java.util.Map<String, Object> tlsClientProps() {
        throw new IllegalStateException(kind() + " has no TLS listener");
    }

    /** Creates the topic (no-op if it exists) and waits until every partition has a leader. */
    void createTopic(String name, int partitions);

    /** The broker's process id when this tool started it (for its CPU time), else -1. */
    long brokerPid();

    /** What this is, for reports: "embedded broker", "sink", "external". */
    String kind();

    @Override
    void close();
}
