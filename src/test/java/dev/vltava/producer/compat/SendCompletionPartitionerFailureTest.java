package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.internal.accumulate.AckListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Vltava fails a record whose partitioner threw through its future ({@link PartitionerException}). The facade keeps
 * Kafka's behaviour where it can: when the official partitioner ran inside {@code send()}, {@code send()} throws what
 * it threw (an invalid partition as Kafka's plain IllegalArgumentException); when it ran later (the record waited for
 * metadata), the future and callback get it.
 */
class SendCompletionPartitionerFailureTest {
    private final List<Exception> callbacks = new ArrayList<>();

    private SendCompletion<String, String> completion() {
        return SendCompletion.of("t", (md, e) -> callbacks.add(e),
                new SendCompletion.Context<>(new Interceptors<>(List.of()), new LastTopicPartition()),
                new dev.vltava.producer.Headers());
    }

    private static PartitionerException threw(Throwable t) {
        return new PartitionerException(PartitionerAdapter.class.getName(), "t", t);
    }

    @Test
    void insideSendWhatThePartitionerThrewIsKeptForSendToThrow() {
        IllegalStateException own = new IllegalStateException("no route");
        SendCompletion<String, String> c = completion();
        c.enterSend();
        c.fail(threw(own), -1, AckListener.NONE);
        assertSame(own, c.leaveSend());
        assertFalse(c.isDone());
        assertEquals(List.of(), callbacks, "thrown from send(), not reported to the callback");

        SendCompletion<String, String> negative = completion();
        negative.enterSend();
        negative.fail(threw(new PartitionerAdapter.InvalidPartitionException(-1)), -1, AckListener.NONE);
        assertSame(IllegalArgumentException.class, negative.leaveSend().getClass());
    }

    @Test
    void laterTheFutureAndTheCallbackGetWhatThePartitionerThrew() throws Exception {
        IllegalStateException own = new IllegalStateException("no route");
        SendCompletion<String, String> c = completion();
        c.enterSend();
        assertNull(c.leaveSend()); // the record waits for metadata: send() returned

        c.fail(threw(own), -1, AckListener.NONE);

        assertTrue(c.isCompletedExceptionally());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, c::get);
        assertSame(own, e.getCause());
        assertEquals(List.of(own), callbacks);
    }
}
