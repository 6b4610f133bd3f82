package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.Callback;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 (64 MiB heap): every queued record keeps its completion object on the heap until its callback has run,
 * about 300,000 of them when a 32 MiB buffer.memory is full of 100 B records, so their size is the queue's live set.
 * Counted as the bytes the JVM allocates per object (compressed references, the JVM's defaults).
 */
class QueuedRecordHeapTest {
    private static final int N = 20_000;
    private final Object[] keep = new Object[N];

    private long bytesPerObject(IntFunction<Object> make) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < N; i++) { // load and link whatever the first calls need
            keep[i] = make.apply(i);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < N; i++) {
            keep[i] = make.apply(i);
        }
        return (threads.getThreadAllocatedBytes(id) - before) / N;
    }

    @Test
    void aRecordSentThroughTheFacadeWithoutInterceptorsKeeps56Bytes() {
        Callback callback = (md, e) -> { };
        SendCompletion.Context<String, String> context =
                new SendCompletion.Context<>(new Interceptors<>(List.of()), new LastTopicPartition());
        long bytes = bytesPerObject(i -> SendCompletion.of("t", callback, context, null));
        assertTrue(bytes <= 56, "a SendCompletion takes " + bytes + " bytes");
    }

    @Test
    void aRecordSentThroughTheCoreApiKeeps48Bytes() {
        dev.vltava.producer.Callback callback = (md, e) -> { };
        long bytes = bytesPerObject(i -> new RecordFuture("t", callback));
        assertTrue(bytes <= 48, "a RecordFuture takes " + bytes + " bytes");
    }
}
