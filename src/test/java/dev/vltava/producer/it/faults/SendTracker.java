package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.StoredRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends records to explicit partitions and watches their outcomes: counts callbacks per record (each must run exactly
 * once), and the order in which callbacks of a partition ran (it must be the send order).
 */
final class SendTracker {
    private final Producer<String, String> producer;
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    private final List<AtomicInteger> callbacks = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final List<Integer> partitions = new ArrayList<>();
    private final Map<Integer, List<Integer>> callbackOrder = Collections.synchronizedMap(new TreeMap<>());

    SendTracker(Producer<String, String> producer) {
        this.producer = producer;
    }

    /** Sends value with key "k" to topic-partition; returns the record's index. */
    int send(String topic, int partition, String value) {
        int index = futures.size();
        AtomicInteger count = new AtomicInteger();
        callbacks.add(count);
        values.add(value);
        partitions.add(partition);
        futures.add(producer.send(new ProducerRecord<>(topic, partition, "k", value), (md, e) -> {
            count.incrementAndGet();
            callbackOrder.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>())).add(index);
        }));
        return index;
    }

    /** Sends n records "prefix-i" to the partition. */
    void sendMany(String topic, int partition, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            send(topic, partition, prefix + "-" + i);
        }
    }

    CompletableFuture<RecordMetadata> future(int index) {
        return futures.get(index);
    }

    /** Waits for every future; fails if one does not complete in time. */
    void awaitAll() throws InterruptedException {
        for (CompletableFuture<RecordMetadata> f : futures) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // failures are checked by the test
            } catch (java.util.concurrent.TimeoutException e) {
                fail("a send did not complete within 30 s");
            }
        }
    }

    /** The error of a record that must have failed. */
    Throwable failure(int index) throws InterruptedException {
        try {
            futures.get(index).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            fail("record " + index + " did not complete within 30 s");
        }
        throw new AssertionError("record " + index + " should have failed but succeeded");
    }

    /** Every callback ran exactly once, and per partition in send order. Call after {@link #awaitAll}. */
    void assertCallbacksOncePerRecordInSendOrder() throws InterruptedException {
        producer.flush(); // callbacks of completed futures have run before the future completes; flush is a barrier
        for (int i = 0; i < callbacks.size(); i++) {
            assertEquals(1, callbacks.get(i).get(), "callbacks of record " + i);
        }
        for (Map.Entry<Integer, List<Integer>> e : callbackOrder.entrySet()) {
            List<Integer> order = new ArrayList<>(e.getValue());
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "callback order on partition " + e.getKey());
        }
    }

    /**
     * Every callback ran exactly once (order not checked: for tests where order is not the point). Call after
     * {@link #awaitAll}.
     */
    void assertCallbacksOncePerRecord() throws InterruptedException {
        producer.flush(); // a barrier, as above
        for (int i = 0; i < callbacks.size(); i++) {
            assertEquals(1, callbacks.get(i).get(), "callbacks of record " + i);
        }
    }

    /**
     * The successful records of each partition are stored exactly once, in send order, with consecutive offsets that
     * match their futures' offsets.
     */
    void assertSuccessesStoredOnceInOrder(MockBroker broker, String topic) throws Exception {
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (int i = 0; i < futures.size(); i++) {
            CompletableFuture<RecordMetadata> f = futures.get(i);
            if (f.isDone() && !f.isCompletedExceptionally()) {
                expected.computeIfAbsent(partitions.get(i), p -> new ArrayList<>()).add(values.get(i));
                RecordMetadata md = f.get();
                if (md.offset() >= 0) {
                    StoredRecord stored = broker.records(topic, partitions.get(i)).get((int) md.offset());
                    assertEquals(values.get(i), stored.valueString(), "value at the offset the future reported");
                }
            }
        }
        for (Map.Entry<Integer, List<String>> e : expected.entrySet()) {
            List<String> stored = new ArrayList<>();
            for (StoredRecord r : broker.records(topic, e.getKey())) {
                stored.add(r.valueString());
            }
            assertEquals(e.getValue(), stored, "records of " + topic + "-" + e.getKey() + "; broker events: "
                    + broker.events());
        }
        assertTrue(futures.stream().allMatch(CompletableFuture::isDone));
    }

    int size() {
        return futures.size();
    }
}
