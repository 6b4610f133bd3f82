package dev.vltava.bench;

/** An existing cluster named by {@code --bootstrap-servers}; topics are created if missing (replication factor 1). */
final class ExternalCluster implements Cluster {
    private final String bootstrapServers;

    ExternalCluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void createTopic(String name, int partitions) {
        Topics.create(bootstrapServers, name, partitions);
    }

    @Override
    public long brokerPid() {
        return -1;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
