package dev.vltava.bench;

/** Where a benchmark sends: a broker the tool started, a sink, or an existing cluster. */
interface Cluster extends AutoCloseable {

    String bootstrapServers();

    /** Creates the topic (no-op if it exists) and waits until every partition has a leader. */
    void createTopic(String name, int partitions);

    /** The broker's process id when this tool started it (for its CPU time), else -1. */
    long brokerPid();

    /** What this is, for reports: "embedded broker", "sink", "external". */
    String kind();

    @Override
    void close();
}
