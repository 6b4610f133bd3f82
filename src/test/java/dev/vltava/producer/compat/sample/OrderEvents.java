package dev.vltava.producer.compat.sample;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ordinary {@code KafkaProducer} code, as an application would write it: it knows only the official API. The one
 * thing that changes when switching to Vltava is the constructor passed in:
 * {@code new OrderEvents(servers, KafkaProducer::new)} or {@code new OrderEvents(servers, VltavaKafkaProducer::new)}.
 */
public final class OrderEvents implements AutoCloseable {
    private final Producer<String, String> producer;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger retriableFailures = new AtomicInteger();
    private final AtomicInteger fatalFailures = new AtomicInteger();

    public OrderEvents(String bootstrapServers, Function<Properties, Producer<String, String>> constructor) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "100000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        this.producer = constructor.apply(props);
    }

    /** Fire and forget: nobody looks at the outcome. */
    public void publishAll(String topic, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "order-" + i, "created"));
        }
        producer.flush();
    }

    /** Synchronous: block until the broker acknowledged, and report where the record went. */
    public String publishAndWait(String topic, String orderId, String event) throws InterruptedException {
        try {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, orderId, event)).get();
            return md.topic() + "-" + md.partition() + "@" + md.offset();
        } catch (ExecutionException e) {
            return "failed: " + e.getCause().getClass().getSimpleName();
        }
    }

    /** Asynchronous with a callback that classifies failures the usual way. */
    public void publishAsync(String topic, String orderId, String event) {
        producer.send(new ProducerRecord<>(topic, orderId, event), (metadata, exception) -> {
            if (exception == null) {
                delivered.incrementAndGet();
            } else if (exception instanceof RetriableException) {
                retriableFailures.incrementAndGet(); // e.g. re-queue it for later
            } else {
                fatalFailures.incrementAndGet(); // e.g. dead-letter it
            }
        });
    }

    public void flush() {
        producer.flush();
    }

    public String counts() {
        return "delivered=" + delivered + " retriable=" + retriableFailures + " fatal=" + fatalFailures;
    }

    @Override
    public void close() {
        producer.close();
    }
}
