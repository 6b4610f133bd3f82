package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.InvalidProducerEpochException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.OutOfOrderSequenceException;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.UnknownProducerIdException;
import dev.vltava.producer.UnknownTopicException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.protocol.ErrorCode;

/**
 * The producer's decision for every broker error code, in one place: retry (and whether metadata must be refreshed
 * first), success, sequence handling, or fail — and the typed exception the caller sees, with a message that says
 * what happened and what to do.
 */
public final class ErrorClassifier {
    private ErrorClassifier() {
    }

    /**
     * Retriable errors a broker may answer after it appended the batch (the leader has it; the replicas or the
     * answer did not come in time): a retry under the same producer id and epoch is recognised as a duplicate, but
     * the batch must not go again under another one.
     */
    static boolean mayHaveBeenWritten(ErrorCode code) {
        return code == ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND || code == ErrorCode.REQUEST_TIMED_OUT
                || code == ErrorCode.NETWORK_EXCEPTION;
    }

    public static ErrorAction action(ErrorCode code) {
        return switch (code) {
            case NONE, DUPLICATE_SEQUENCE_NUMBER -> ErrorAction.SUCCESS;
            case NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION, KAFKA_STORAGE_ERROR,
                    FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, REPLICA_NOT_AVAILABLE, UNKNOWN_TOPIC_ID ->
                    ErrorAction.RETRY_REFRESH_METADATA;
            case OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID -> ErrorAction.SEQUENCE_PROBLEM;
            case CORRUPT_MESSAGE -> ErrorAction.FAIL; // our bytes are wrong: retrying the same bytes cannot help
            default -> code.retriable() ? ErrorAction.RETRY : ErrorAction.FAIL;
        };
    }

    /** The broker found the batch too large: the sender splits a batch of several records and retries the parts. */
    public static boolean isTooLarge(ErrorCode code) {
        return code == ErrorCode.MESSAGE_TOO_LARGE || code == ErrorCode.RECORD_LIST_TOO_LARGE;
    }

    /** The exception for a batch that fails with this broker error. */
    public static VltavaException exception(ErrorCode code, String topic, int partition, int batchSizeBytes,
            int uncompressedSizeBytes, int recordCount, String brokerMessage) {
        String where = "partition " + topic + "-" + partition;
        String said = brokerMessage == null || brokerMessage.isEmpty() ? "" : " Broker said: " + brokerMessage;
        return switch (code) {
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> recordCount == 1
                    ? new RecordTooLargeException("The broker rejected a record for " + where + " as too large ("
                            + code.name() + "): alone in its batch it takes " + batchSizeBytes + " bytes ("
                            + uncompressedSizeBytes + " uncompressed), more than the topic's max.message.bytes "
                            + "(or the broker's message.max.bytes) allows. Only this record failed; raise the "
                            + "topic's max.message.bytes or send a smaller record." + said, batchSizeBytes, -1,
                            "max.message.bytes", null)
                    : new RecordTooLargeException("The broker rejected a " + batchSizeBytes + "-byte batch of "
                            + recordCount + " records for " + where + " as too large (" + code.name()
                            + "). Lower batch.size / max.request.size, or raise the topic's max.message.bytes."
                            + said, batchSizeBytes, -1, "max.message.bytes", null);
            case TOPIC_AUTHORIZATION_FAILED -> new AuthorizationException(AuthorizationException.ResourceType.TOPIC,
                    topic, "Not authorized to write to topic " + topic + " (TOPIC_AUTHORIZATION_FAILED on " + where
                            + "). Grant WRITE "
                            + "on the topic to this principal." + said);
            case CLUSTER_AUTHORIZATION_FAILED -> new AuthorizationException(
                    AuthorizationException.ResourceType.CLUSTER, null, "Not authorized on the cluster "
                    + "(CLUSTER_AUTHORIZATION_FAILED): idempotent writes need IDEMPOTENT_WRITE on brokers older "
                    + "than 2.8; grant it or set enable.idempotence=false." + said);
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> new AuthorizationException(
                    AuthorizationException.ResourceType.TRANSACTIONAL_ID, null,
                    "Not authorized for the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED)." + said);
            case INVALID_TOPIC_EXCEPTION -> new InvalidTopicException(topic, "Topic " + topic + " is not a valid "
                    + "topic to produce to (INVALID_TOPIC_EXCEPTION on " + where + ")." + said);
            case UNKNOWN_TOPIC_OR_PARTITION -> new UnknownTopicException(topic, "The broker does not know " + where
                    + " (UNKNOWN_TOPIC_OR_PARTITION)." + said);
            case PRODUCER_FENCED -> new ProducerFencedException("The producer was fenced on "
                    + where + " (" + code.name() + "): another producer with the same id took over. Close this "
                    + "producer." + said);
            case INVALID_PRODUCER_EPOCH -> new InvalidProducerEpochException("The leader of " + where + " refused "
                    + "the batch: the producer's epoch is not the current one there (INVALID_PRODUCER_EPOCH; the "
                    + "transaction coordinator may have aborted the transaction after transaction.timeout.ms). Abort "
                    + "the transaction and start again." + said);
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> new OutOfOrderSequenceException("The broker received an "
                    + "out-of-order sequence number for " + where + "; records may have been lost." + said);
            case UNKNOWN_PRODUCER_ID -> new UnknownProducerIdException("The broker no longer knows this producer id "
                    + "on " + where + " (UNKNOWN_PRODUCER_ID)." + said);
            // The kind follows what the producer did: an error it does not retry (CORRUPT_MESSAGE) is not RETRIABLE.
            default -> new BrokerException(code.retriable() && action(code) != ErrorAction.FAIL
                    ? VltavaException.Kind.RETRIABLE : VltavaException.Kind.FATAL, code.code(), code.name(), "Produce to " + where + " failed with "
                    + code.name() + " (" + code.code() + "): " + code.message() + said);
        };
    }
}
