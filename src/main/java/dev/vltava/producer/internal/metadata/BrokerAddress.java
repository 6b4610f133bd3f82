package dev.vltava.producer.internal.metadata;

/** Where a broker listens. Bootstrap servers get negative ids until the cluster tells us the real ones. */
public record BrokerAddress(int nodeId, String host, int port, String rack) {
    @Override
    public String toString() {
        return host + ":" + port + " (id " + nodeId + ")";
    }
}
