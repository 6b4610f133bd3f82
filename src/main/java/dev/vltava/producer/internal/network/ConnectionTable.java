package dev.vltava.producer.internal.network;

import java.util.Arrays;

/**
 * Open connections by node id. A producer talks to a handful of nodes, so a linear scan of a small array beats a hash
 * map here and, unlike {@code HashMap<Integer, ...>}, never boxes a node id on the hot path.
 */
final class ConnectionTable {
    private Connection[] connections = new Connection[8];
    private int size;

    Connection get(int nodeId) {
        for (int i = 0; i < size; i++) {
            if (connections[i].nodeId == nodeId) {
                return connections[i];
            }
        }
        return null;
    }

    void add(Connection connection) {
        if (size == connections.length) {
            connections = Arrays.copyOf(connections, size * 2);
        }
        connections[size++] = connection;
    }

    void remove(Connection connection) {
        for (int i = 0; i < size; i++) {
            if (connections[i] == connection) {
                connections[i] = connections[--size];
                connections[size] = null;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    Connection at(int index) {
        return connections[index];
    }

    void clear() {
        Arrays.fill(connections, 0, size, null);
        size = 0;
    }
}
