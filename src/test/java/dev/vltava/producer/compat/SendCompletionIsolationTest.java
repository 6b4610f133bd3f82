package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.AckListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The facade's completion contains whatever the official callback or interceptor throws, Errors included. */
class SendCompletionIsolationTest {
    @Test
    void aCallbackAndAnInterceptorThrowingErrorsStillCompleteTheFuture() throws Exception {
        AtomicInteger interceptorCalls = new AtomicInteger();
        ProducerInterceptor<String, String> throwing = new ProducerInterceptor<>() {
            @Override
            public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
                return record;
            }

            @Override
            public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
                interceptorCalls.incrementAndGet();
                throw new AssertionError("interceptor assert");
            }

            @Override
            public void close() {
            }

            @Override
            public void configure(java.util.Map<String, ?> configs) {
            }
        };
        SendCompletion<String, String> completion = SendCompletion.of("t", (md, e) -> {
            throw new AssertionError("a test's assert failed inside the callback");
        }, new SendCompletion.Context<>(new Interceptors<>(List.of(throwing)), new LastTopicPartition()),
                new dev.vltava.producer.Headers());

        completion.bind(-1, 3, 5L);
        completion.succeeded(41L, 5L, AckListener.NONE);

        assertTrue(completion.isDone());
        assertEquals(41L, completion.get().offset());
        assertEquals(1, interceptorCalls.get());
    }
}
