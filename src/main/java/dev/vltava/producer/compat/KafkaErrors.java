package dev.vltava.producer.compat;

import dev.vltava.producer.AuthenticationException;
import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.ConfigException;
import dev.vltava.producer.InterruptException;
import dev.vltava.producer.InvalidProducerEpochException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.NetworkException;
import dev.vltava.producer.OutOfOrderSequenceException;
import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.SaslAuthenticationException;
import dev.vltava.producer.SerializationException;
import dev.vltava.producer.SslAuthenticationException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.TransactionAbortableException;
import dev.vltava.producer.TransactionAbortedException;
import dev.vltava.producer.UnknownProducerIdException;
import dev.vltava.producer.UnknownTopicException;
import dev.vltava.producer.VltavaException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The one place where Vltava's exceptions become the official client's, so code that branches on
 * {@code RetriableException}, {@code ApiException} or a specific type behaves as it does with {@code KafkaProducer}.
 *
 * <p>The mapped exception keeps Vltava's message (it says what to do), Vltava's stack trace (it says where the
 * failure was found) and Vltava's cause. Exceptions that are not Vltava's ({@link IllegalArgumentException},
 * {@link IllegalStateException}, {@link NullPointerException}, the official client's own) pass through unchanged:
 * the official client throws those same JDK types.
 */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /** The official counterpart of {@code error}, unwrapping {@link CompletionException}/{@link ExecutionException}. */
    static RuntimeException toKafka(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof PartitionerException p) {
            // Kafka reports what its partitioner threw as it is (an Error or a checked exception wrapped here).
            e = p.getCause();
            if (!(e instanceof RuntimeException)) {
                return new KafkaException("The partitioner threw " + e + " for a record to topic " + p.topic()
                        + ".", e);
            }
        }
        if (e instanceof PartitionerAdapter.InvalidPartitionException) {
            return new IllegalArgumentException(e.getMessage()); // the plain type Kafka throws
        }
        if (!(e instanceof VltavaException v)) {
            return e instanceof RuntimeException r ? r : new KafkaException(e.getMessage(), e);
        }
        RuntimeException mapped = map(v);
        if (mapped.getCause() == null && v.getCause() != null) {
            try {
                mapped.initCause(v.getCause());
            } catch (IllegalStateException alreadySet) {
                // the official constructor fixed the cause (possibly to null); keep it
            }
        }
        mapped.setStackTrace(v.getStackTrace());
        return mapped;
    }

    /**
     * What {@code send()} throws for a failure Vltava raised synchronously. A serializer's own exception propagates
     * unchanged, as in Kafka, except a {@link ClassCastException} (a record of the wrong type), which Kafka turns into
     * its {@code SerializationException}.
     */
    static RuntimeException thrownBySend(RuntimeException error) {
        if (error instanceof SerializationException && error.getCause() instanceof RuntimeException cause) {
            if (cause instanceof ClassCastException) {
                return new org.apache.kafka.common.errors.SerializationException(error.getMessage(), cause);
            }
            return cause;
        }
        return toKafka(error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static RuntimeException map(VltavaException v) {
        String message = v.getMessage();
        if (v instanceof RecordTooLargeException) {
            return new org.apache.kafka.common.errors.RecordTooLargeException(message);
        }
        if (v instanceof TimeoutException t) {
            // Kafka reports an exhausted buffer pool with its own TimeoutException subclass.
            return t.what() == TimeoutException.What.BUFFER_MEMORY ? new BufferExhaustedException(message)
                    : new org.apache.kafka.common.errors.TimeoutException(message);
        }
        if (v instanceof SerializationException) {
            return new org.apache.kafka.common.errors.SerializationException(message);
        }
        if (v instanceof AuthorizationException a) {
            return authorization(a);
        }
        if (v instanceof AuthenticationException) {
            return authentication(v, message);
        }
        if (v instanceof UnknownTopicException) {
            return new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(message);
        }
        if (v instanceof InvalidTopicException i) {
            return i.topic() == null ? new org.apache.kafka.common.errors.InvalidTopicException(message)
                    : new org.apache.kafka.common.errors.InvalidTopicException(message, Set.of(i.topic()));
        }
        if (v instanceof BrokerException b) {
            return broker(b);
        }
        if (v instanceof NetworkException) {
            return new org.apache.kafka.common.errors.NetworkException(message);
        }
        if (v instanceof ProducerFencedException) {
            return new org.apache.kafka.common.errors.ProducerFencedException(message);
        }
        if (v instanceof InvalidProducerEpochException) {
            return new org.apache.kafka.common.errors.InvalidProducerEpochException(message);
        }
        if (v instanceof TransactionAbortableException) {
            return new org.apache.kafka.common.errors.TransactionAbortableException(message);
        }
        if (v instanceof TransactionAbortedException) {
            return new org.apache.kafka.common.errors.TransactionAbortedException(message);
        }
        // UnknownProducerIdException is not a subclass of ours, but it is of Kafka's OutOfOrderSequenceException.
        if (v instanceof UnknownProducerIdException) {
            return new org.apache.kafka.common.errors.UnknownProducerIdException(message);
        }
        if (v instanceof OutOfOrderSequenceException) {
            return new org.apache.kafka.common.errors.OutOfOrderSequenceException(message);
        }
        if (v instanceof ConfigException) {
            return new org.apache.kafka.common.config.ConfigException(message);
        }
        if (v instanceof InterruptException) {
            return interrupt(v);
        }
        if (v instanceof ProducerClosedException) {
            // Kafka fails records still pending at a forced close with a plain KafkaException.
            return new KafkaException(message);
        }
        return byKind(v);
    }

    private static RuntimeException authentication(VltavaException v, String message) {
        if (v instanceof SslAuthenticationException) {
            return new org.apache.kafka.common.errors.SslAuthenticationException(message);
        }
        if (v instanceof SaslAuthenticationException) {
            return new org.apache.kafka.common.errors.SaslAuthenticationException(message);
        }
        return new org.apache.kafka.common.errors.AuthenticationException(message);
    }

    private static RuntimeException authorization(AuthorizationException a) {
        String message = a.getMessage();
        return switch (a.resourceType()) {
            case TOPIC -> a.resource() == null ? new TopicAuthorizationException(message)
                    : new TopicAuthorizationException(message, Set.of(a.resource()));
            case CLUSTER -> new ClusterAuthorizationException(message);
            case TRANSACTIONAL_ID -> new TransactionalIdAuthorizationException(message);
            case GROUP -> new GroupAuthorizationException(message, a.resource());
        };
    }

    /** Kafka's own exception for the protocol error code, so the retriable/fatal class is Kafka's. */
    private static RuntimeException broker(BrokerException b) {
        Errors error = Errors.forCode(b.errorCode());
        ApiException mapped = error == Errors.NONE ? null : error.exception(b.getMessage());
        return mapped != null ? mapped : byKind(b);
    }

    private static RuntimeException interrupt(VltavaException v) {
        // Kafka's InterruptException restores the interrupt flag itself, as ours did; it takes the original cause.
        if (v.getCause() instanceof InterruptedException ie) {
            return new org.apache.kafka.common.errors.InterruptException(v.getMessage(), ie);
        }
        return new org.apache.kafka.common.errors.InterruptException(v.getMessage());
    }

    private static RuntimeException byKind(VltavaException v) {
        return switch (v.kind()) {
            case RETRIABLE -> new RetriableFailure(v.getMessage());
            case CONFIG -> new org.apache.kafka.common.config.ConfigException(v.getMessage());
            case ABORTABLE, FATAL -> new KafkaException(v.getMessage());
        };
    }

    /** A retriable failure without a more specific official type (no Vltava exception maps here today). */
    static final class RetriableFailure extends org.apache.kafka.common.errors.RetriableException {
        private static final long serialVersionUID = 1L;

        RetriableFailure(String message) {
            super(message);
        }
    }
}
