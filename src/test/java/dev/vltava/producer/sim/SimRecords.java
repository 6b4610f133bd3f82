package dev.vltava.producer.sim;

import dev.vltava.producer.RecordMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Every record the application sent, by id (the id is the first 8 bytes of its value), with what became of it. */
final class SimRecords {

    static final class SimRecord {
        final long id;
        final int thread;
        final String topic;
        final Integer explicitPartition;
        final long sentAtMs;
        CompletableFuture<RecordMetadata> future;
        int callbacks;
        RecordMetadata metadata;
        Exception error;
        /** Produce requests carrying it that reached a broker and whose outcome the client has not learnt (yet). */
        int unresolvedAttempts;
        int attempts;
        /** The produce attempts that carried it to a broker, in order. */
        final List<SimAttempts.Attempt> attemptList = new ArrayList<>(2);

        SimRecord(long id, int thread, String topic, Integer explicitPartition, long sentAtMs) {
            this.id = id;
            this.thread = thread;
            this.topic = topic;
            this.explicitPartition = explicitPartition;
            this.sentAtMs = sentAtMs;
        }

        @Override
        public String toString() {
            return "record " + id + " (thread " + thread + ", " + topic
                    + (explicitPartition == null ? "" : " explicit partition " + explicitPartition) + ", sent at "
                    + sentAtMs + " ms, " + attempts + " attempt(s) reached a broker, " + unresolvedAttempts
                    + " unresolved; " + (error != null ? "failed: " + error : metadata != null ? "acked: " + metadata
                    : "not completed") + ")";
        }
    }

    /** In send order. */
    final List<SimRecord> all = new ArrayList<>();
    private final Map<Long, SimRecord> byId = new HashMap<>();

    SimRecord add(SimRecord r) {
        all.add(r);
        byId.put(r.id, r);
        return r;
    }

    SimRecord get(long id) {
        return byId.get(id);
    }

    void reachedBroker(List<Long> ids) {
        for (long id : ids) {
            SimRecord r = byId.get(id);
            if (r != null) {
                r.attempts++;
                r.unresolvedAttempts++;
            }
        }
    }

    void attempted(List<Long> ids, SimAttempts.Attempt attempt) {
        for (long id : ids) {
            SimRecord r = byId.get(id);
            if (r != null) {
                r.attemptList.add(attempt);
            }
        }
    }

    void resolved(List<Long> ids) {
        for (long id : ids) {
            SimRecord r = byId.get(id);
            if (r != null) {
                r.unresolvedAttempts--;
            }
        }
    }
}
