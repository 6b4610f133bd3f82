package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.AuthorizationException.ResourceType;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.ConfigException;
import dev.vltava.producer.InterruptException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.NetworkException;
import dev.vltava.producer.OutOfOrderSequenceException;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.SerializationException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.UnknownProducerIdException;
import dev.vltava.producer.UnknownTopicException;
import dev.vltava.producer.VltavaException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Vltava exception becomes the official type of the same meaning and the same retriable/fatal class. */
class KafkaErrorsTest {

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of(new RecordTooLargeException(2_000_000, 1_048_576, "max.request.size"),
                        org.apache.kafka.common.errors.RecordTooLargeException.class),
                Arguments.of(new TimeoutException(TimeoutException.What.METADATA, "no metadata"),
                        org.apache.kafka.common.errors.TimeoutException.class),
                Arguments.of(new TimeoutException(TimeoutException.What.DELIVERY, "expired"),
                        org.apache.kafka.common.errors.TimeoutException.class),
                Arguments.of(new TimeoutException(TimeoutException.What.BUFFER_MEMORY, "full"),
                        BufferExhaustedException.class),
                Arguments.of(new SerializationException("bad"),
                        org.apache.kafka.common.errors.SerializationException.class),
                Arguments.of(new AuthorizationException(ResourceType.TOPIC, "t", "denied"),
                        TopicAuthorizationException.class),
                Arguments.of(new AuthorizationException(ResourceType.CLUSTER, null, "denied"),
                        ClusterAuthorizationException.class),
                Arguments.of(new AuthorizationException(ResourceType.TRANSACTIONAL_ID, "tx", "denied"),
                        TransactionalIdAuthorizationException.class),
                Arguments.of(new AuthorizationException(ResourceType.GROUP, "g", "denied"),
                        GroupAuthorizationException.class),
                Arguments.of(new dev.vltava.producer.SslAuthenticationException("untrusted"),
                        org.apache.kafka.common.errors.SslAuthenticationException.class),
                Arguments.of(new dev.vltava.producer.SaslAuthenticationException("bad password"),
                        org.apache.kafka.common.errors.SaslAuthenticationException.class),
                Arguments.of(new dev.vltava.producer.AuthenticationException("refused"),
                        org.apache.kafka.common.errors.AuthenticationException.class),
                Arguments.of(new UnknownTopicException("t", "unknown"),
                        org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class),
                Arguments.of(new InvalidTopicException("bad topic", "invalid"),
                        org.apache.kafka.common.errors.InvalidTopicException.class),
                Arguments.of(new NetworkException("dropped"), org.apache.kafka.common.errors.NetworkException.class),
                Arguments.of(new ProducerFencedException("fenced"),
                        org.apache.kafka.common.errors.ProducerFencedException.class),
                Arguments.of(new OutOfOrderSequenceException("gap"),
                        org.apache.kafka.common.errors.OutOfOrderSequenceException.class),
                Arguments.of(new UnknownProducerIdException("gone"),
                        org.apache.kafka.common.errors.UnknownProducerIdException.class),
                Arguments.of(new ConfigException("bad config"), org.apache.kafka.common.config.ConfigException.class),
                Arguments.of(new ProducerClosedException("closed"), KafkaException.class),
                Arguments.of(new BrokerException(VltavaException.Kind.RETRIABLE, (short) 19, "NOT_ENOUGH_REPLICAS",
                        "not enough"), org.apache.kafka.common.errors.NotEnoughReplicasException.class),
                Arguments.of(new BrokerException(VltavaException.Kind.FATAL, (short) 87, "INVALID_RECORD", "bad"),
                        org.apache.kafka.common.InvalidRecordException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void mapsToTheOfficialTypeKeepingMessageAndRetriability(VltavaException ours, Class<?> expected) {
        RuntimeException mapped = KafkaErrors.toKafka(ours);
        assertSame(expected, mapped.getClass(), "exact official type");
        assertEquals(ours.getMessage(), mapped.getMessage());
        assertEquals(ours.isRetriable(), mapped instanceof RetriableException, "retriable class kept");
        assertEquals(ours.getStackTrace().length, mapped.getStackTrace().length, "where the failure was found");
    }

    @Test
    void topicNamesTravelIntoTheOfficialExceptions() {
        var auth = (TopicAuthorizationException) KafkaErrors.toKafka(
                new AuthorizationException(ResourceType.TOPIC, "orders", "denied"));
        assertEquals(Set.of("orders"), auth.unauthorizedTopics());
        var invalid = (org.apache.kafka.common.errors.InvalidTopicException) KafkaErrors.toKafka(
                new InvalidTopicException("bad!", "invalid"));
        assertEquals(Set.of("bad!"), invalid.invalidTopics());
        var group = (GroupAuthorizationException) KafkaErrors.toKafka(
                new AuthorizationException(ResourceType.GROUP, "g1", "denied"));
        assertEquals("g1", group.groupId());
    }

    @Test
    void everyBrokerErrorCodeBecomesKafkasExceptionForThatCode() {
        for (Errors error : Errors.values()) {
            if (error == Errors.NONE) {
                continue;
            }
            BrokerException ours = new BrokerException(VltavaException.Kind.FATAL, error.code(), error.name(), "m");
            RuntimeException mapped = KafkaErrors.toKafka(ours);
            assertSame(error.exception().getClass(), mapped.getClass(), error.name());
            assertEquals("m", mapped.getMessage());
        }
    }

    @Test
    void anUnknownBrokerCodeFallsBackToTheKind() {
        RuntimeException mapped = KafkaErrors.toKafka(
                new BrokerException(VltavaException.Kind.RETRIABLE, (short) 30_000, "FUTURE_ERROR", "new"));
        // Kafka's table maps codes it does not know to UNKNOWN_SERVER_ERROR, which is not retriable.
        assertSame(Errors.UNKNOWN_SERVER_ERROR.exception().getClass(), mapped.getClass());
    }

    @Test
    void interruptKeepsTheInterruptedExceptionAndTheFlag() {
        InterruptException ours = new InterruptException(new InterruptedException("stop"));
        Thread.interrupted(); // creating ours set the flag; clear it to see that the mapping sets it again
        RuntimeException mapped = KafkaErrors.toKafka(ours);
        assertInstanceOf(org.apache.kafka.common.errors.InterruptException.class, mapped);
        assertInstanceOf(InterruptedException.class, mapped.getCause());
        assertTrue(Thread.interrupted(), "Kafka's InterruptException restores the interrupt flag");
    }

    @Test
    void causesAreKeptAndWrappersUnwrapped() {
        IOException io = new IOException("reset");
        NetworkException ours = new NetworkException("dropped", io);
        assertSame(io, KafkaErrors.toKafka(ours).getCause());
        assertInstanceOf(org.apache.kafka.common.errors.NetworkException.class,
                KafkaErrors.toKafka(new CompletionException(ours)));
        assertInstanceOf(org.apache.kafka.common.errors.NetworkException.class,
                KafkaErrors.toKafka(new ExecutionException(ours)));
    }

    @Test
    void foreignExceptionsPassThroughUnchanged() {
        IllegalStateException ise = new IllegalStateException("closed");
        assertSame(ise, KafkaErrors.toKafka(ise));
        var official = new org.apache.kafka.common.errors.TimeoutException("theirs");
        assertSame(official, KafkaErrors.toKafka(official));
        assertInstanceOf(KafkaException.class, KafkaErrors.toKafka(new IOException("checked")));
    }

    @Test
    void anInvalidPartitionBecomesAPlainIllegalArgumentException() {
        RuntimeException mapped = KafkaErrors.toKafka(new PartitionerAdapter.InvalidPartitionException(-1));
        assertSame(IllegalArgumentException.class, mapped.getClass());
    }

    @Test
    void aPartitionersFailureBecomesWhatThePartitionerThrewAsKafkaReportsIt() {
        String adapter = PartitionerAdapter.class.getName();
        RuntimeException invalid = KafkaErrors.toKafka(new dev.vltava.producer.PartitionerException(adapter, "t",
                new PartitionerAdapter.InvalidPartitionException(-1)));
        assertSame(IllegalArgumentException.class, invalid.getClass());
        IllegalStateException own = new IllegalStateException("the partitioner's own");
        assertSame(own, KafkaErrors.toKafka(new dev.vltava.producer.PartitionerException(adapter, "t", own)));
        AssertionError error = new AssertionError("an assert in the partitioner");
        RuntimeException wrapped = KafkaErrors.toKafka(new dev.vltava.producer.PartitionerException(adapter, "t",
                error));
        assertSame(KafkaException.class, wrapped.getClass());
        assertSame(error, wrapped.getCause());
    }

    @Test
    void whatSendThrowsForSerializerFailuresIsWhatKafkaThrows() {
        ClassCastException cce = new ClassCastException("Integer is not String");
        RuntimeException wrongType = KafkaErrors.thrownBySend(new SerializationException("wrong type", cce));
        assertSame(org.apache.kafka.common.errors.SerializationException.class, wrongType.getClass());
        assertSame(cce, wrongType.getCause());

        var theirs = new org.apache.kafka.common.errors.SerializationException("schema missing");
        assertSame(theirs, KafkaErrors.thrownBySend(new SerializationException("wrapped", theirs)),
                "the serializer's own exception propagates unchanged");
        IllegalArgumentException iae = new IllegalArgumentException("bad value");
        assertSame(iae, KafkaErrors.thrownBySend(new SerializationException("wrapped", iae)));

        assertFalse(KafkaErrors.thrownBySend(new IllegalStateException("closed")) instanceof KafkaException,
                "send after close throws IllegalStateException, as Kafka");
    }
}
