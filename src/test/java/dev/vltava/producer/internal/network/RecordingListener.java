package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link TransportListener} for tests: records every event, in order. Used from the polling thread only. */
class RecordingListener implements TransportListener {

    record Disconnect(int nodeId, IOException cause, List<Object> unsentTokens) {
    }

    record Received(int nodeId, ByteBuffer frame) {
        byte[] bytes() {
            byte[] copy = new byte[frame.remaining()];
            frame.duplicate().get(copy);
            return copy;
        }
    }

    final List<Integer> connected = new ArrayList<>();
    final List<Object> completedTokens = new ArrayList<>();
    final List<Received> received = new ArrayList<>();
    final List<Disconnect> disconnects = new ArrayList<>();
    /** Every event as a short string, in order: "connected 1", "complete 1 t", "receive 1 5B", "disconnect 1 [..]". */
    final List<String> log = new ArrayList<>();

    @Override
    public void onConnected(int nodeId) {
        connected.add(nodeId);
        log.add("connected " + nodeId);
    }

    @Override
    public void onSendComplete(int nodeId, Object token) {
        completedTokens.add(token);
        log.add("complete " + nodeId + " " + token);
    }

    @Override
    public void onReceive(int nodeId, ByteBuffer frame) {
        received.add(new Received(nodeId, frame));
        log.add("receive " + nodeId + " " + frame.remaining() + "B");
    }

    @Override
    public void onDisconnected(int nodeId, IOException cause, List<Object> unsentTokens) {
        disconnects.add(new Disconnect(nodeId, cause, unsentTokens));
        log.add("disconnect " + nodeId + " " + unsentTokens);
    }
}
