package dev.vltava.producer.internal.protocol;

/**
 * Every error code a Kafka 4.x broker can return, in one table: code, whether retrying the same request may
 * succeed, and a one-line explanation. Codes and retriable flags are facts from the Kafka protocol; a test compares
 * this table against the official client so it cannot drift. Messages are our own words.
 *
 * <p>"Retriable" is the protocol's classification (a transient condition). Producer-specific policy, such as
 * treating OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID specially, belongs to the client layers above.
 */
public enum ErrorCode {

    UNKNOWN_SERVER_ERROR(-1, false, "The broker hit an unexpected error while handling the request."),
    NONE(0, false, "No error."),
    OFFSET_OUT_OF_RANGE(1, false, "The requested offset lies outside the partition's log."),
    CORRUPT_MESSAGE(2, true, "The record data failed its CRC check, is too small, or is otherwise malformed."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "This broker does not host the topic or partition."),
    INVALID_FETCH_SIZE(4, false, "The requested fetch size is not valid."),
    LEADER_NOT_AVAILABLE(5, true, "The partition has no leader right now, for example during an election."),
    NOT_LEADER_OR_FOLLOWER(6, true, "This broker is no longer the leader (or a replica) of the partition."),
    REQUEST_TIMED_OUT(7, true, "The broker did not complete the request within its timeout."),
    BROKER_NOT_AVAILABLE(8, false, "The broker is not available."),
    REPLICA_NOT_AVAILABLE(9, true, "The replica is not available for the partition."),
    MESSAGE_TOO_LARGE(10, false, "The request contains a record batch larger than the broker accepts."),
    STALE_CONTROLLER_EPOCH(11, false, "The request came from a controller with an old epoch."),
    OFFSET_METADATA_TOO_LARGE(12, false, "The metadata attached to the committed offset is too large."),
    NETWORK_EXCEPTION(13, true, "The server disconnected before the response arrived."),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "The coordinator is still loading its state."),
    COORDINATOR_NOT_AVAILABLE(15, true, "The coordinator is not available."),
    NOT_COORDINATOR(16, true, "This broker is not the coordinator for the key."),
    INVALID_TOPIC_EXCEPTION(17, false, "The request targets an invalid topic name or an internal topic it may not write."),
    RECORD_LIST_TOO_LARGE(18, false, "The record batch exceeds the segment size the broker allows."),
    NOT_ENOUGH_REPLICAS(19, true, "Fewer in-sync replicas than required are available."),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, "The records were written but fewer in-sync replicas than required acknowledged them."),
    INVALID_REQUIRED_ACKS(21, false, "The acks value in the request is not valid."),
    ILLEGAL_GENERATION(22, false, "The group generation id in the request is not current."),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The member's protocol type or protocols do not match the group's."),
    INVALID_GROUP_ID(24, false, "The group id is empty or null."),
    UNKNOWN_MEMBER_ID(25, false, "The coordinator does not know this member id."),
    INVALID_SESSION_TIMEOUT(26, false, "The session timeout is outside the range the broker allows."),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing; rejoin it."),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "The committed offset data is too large."),
    TOPIC_AUTHORIZATION_FAILED(29, false, "Not authorized to access the topic."),
    GROUP_AUTHORIZATION_FAILED(30, false, "Not authorized to access the group."),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "Not authorized for this cluster-level operation."),
    INVALID_TIMESTAMP(32, false, "A record timestamp is outside the range the topic accepts."),
    UNSUPPORTED_SASL_MECHANISM(33, false, "The broker does not support the requested SASL mechanism."),
    ILLEGAL_SASL_STATE(34, false, "The request is not valid in the current SASL state."),
    UNSUPPORTED_VERSION(35, false, "The broker does not support this API version."),
    TOPIC_ALREADY_EXISTS(36, false, "The topic already exists."),
    INVALID_PARTITIONS(37, false, "The partition count is not valid."),
    INVALID_REPLICATION_FACTOR(38, false, "The replication factor is not valid."),
    INVALID_REPLICA_ASSIGNMENT(39, false, "The replica assignment is not valid."),
    INVALID_CONFIG(40, false, "The configuration is not valid."),
    NOT_CONTROLLER(41, true, "This broker is not the active controller."),
    INVALID_REQUEST(42, false, "The request is malformed or breaks a protocol rule; see the broker log."),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, false, "The topic's message format version does not support this request."),
    POLICY_VIOLATION(44, false, "The request violates a policy configured on the broker."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "The broker received a batch whose sequence number is not the next one expected."),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "The broker already has a batch with this sequence number."),
    INVALID_PRODUCER_EPOCH(47, false, "The producer epoch is older than the current one, or the producer was fenced."),
    INVALID_TXN_STATE(48, false, "The transactional request is not valid in the transaction's current state."),
    INVALID_PRODUCER_ID_MAPPING(49, false, "The producer id does not match the one mapped to the transactional id."),
    INVALID_TRANSACTION_TIMEOUT(50, false, "The transaction timeout exceeds the broker's maximum."),
    CONCURRENT_TRANSACTIONS(51, true, "The coordinator is still completing an earlier transaction for this producer."),
    TRANSACTION_COORDINATOR_FENCED(52, false, "A newer transaction coordinator has taken over for this producer."),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, "Not authorized to use the transactional id."),
    SECURITY_DISABLED(54, false, "Security features are disabled on the broker."),
    OPERATION_NOT_ATTEMPTED(55, false, "The broker did not attempt the operation because a related one failed."),
    KAFKA_STORAGE_ERROR(56, true, "The broker's log directory for the partition is offline."),
    LOG_DIR_NOT_FOUND(57, false, "The log directory does not exist in the broker's configuration."),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL authentication failed."),
    UNKNOWN_PRODUCER_ID(59, false, "The broker has no state for this producer id, usually because it expired."),
    REASSIGNMENT_IN_PROGRESS(60, false, "A partition reassignment is in progress."),
    DELEGATION_TOKEN_AUTH_DISABLED(61, false, "Delegation token authentication is disabled."),
    DELEGATION_TOKEN_NOT_FOUND(62, false, "The delegation token was not found."),
    DELEGATION_TOKEN_OWNER_MISMATCH(63, false, "The principal is not the owner or renewer of the delegation token."),
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(64, false, "Delegation token requests are not allowed on this connection type."),
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(65, false, "Not authorized for this delegation token operation."),
    DELEGATION_TOKEN_EXPIRED(66, false, "The delegation token has expired."),
    INVALID_PRINCIPAL_TYPE(67, false, "The principal type is not supported."),
    NON_EMPTY_GROUP(68, false, "The group is not empty."),
    GROUP_ID_NOT_FOUND(69, false, "The group id does not exist."),
    FETCH_SESSION_ID_NOT_FOUND(70, true, "The fetch session id was not found."),
    INVALID_FETCH_SESSION_EPOCH(71, true, "The fetch session epoch is not valid."),
    LISTENER_NOT_FOUND(72, true, "The leader has no endpoint for the listener the request came in on."),
    TOPIC_DELETION_DISABLED(73, false, "Topic deletion is disabled on the broker."),
    FENCED_LEADER_EPOCH(74, true, "The request's leader epoch is older than the broker's."),
    UNKNOWN_LEADER_EPOCH(75, true, "The request's leader epoch is newer than the broker's."),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "The consumer's fetch version does not support the topic's compression type."),
    STALE_BROKER_EPOCH(77, false, "The broker epoch is stale."),
    OFFSET_NOT_AVAILABLE(78, true, "The leader's high watermark has not caught up yet."),
    MEMBER_ID_REQUIRED(79, false, "The group member must rejoin with the member id the coordinator assigned."),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true, "The preferred leader is not available."),
    GROUP_MAX_SIZE_REACHED(81, false, "The group has reached its maximum size."),
    FENCED_INSTANCE_ID(82, false, "Another member with the same group instance id fenced this one."),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, "No eligible leader is available for the election."),
    ELECTION_NOT_NEEDED(84, true, "The partition does not need a leader election."),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "No partition reassignment is in progress."),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "The group is still subscribed to the topic, so its offsets cannot be deleted."),
    INVALID_RECORD(87, false, "A record failed broker-side validation and the batch was rejected."),
    UNSTABLE_OFFSET_COMMIT(88, true, "A pending transactional offset commit exists for the partition."),
    THROTTLING_QUOTA_EXCEEDED(89, true, "The request exceeded the throttling quota."),
    PRODUCER_FENCED(90, false, "A newer producer instance with the same transactional id fenced this one."),
    RESOURCE_NOT_FOUND(91, false, "The referenced resource does not exist."),
    DUPLICATE_RESOURCE(92, false, "The request names the same resource more than once."),
    UNACCEPTABLE_CREDENTIAL(93, false, "The requested credential does not meet the acceptability criteria."),
    INCONSISTENT_VOTER_SET(94, false, "The voter set does not match the quorum's."),
    INVALID_UPDATE_VERSION(95, false, "The update version is not valid."),
    FEATURE_UPDATE_FAILED(96, false, "The feature update could not be completed."),
    PRINCIPAL_DESERIALIZATION_FAILURE(97, false, "The forwarded request's principal could not be deserialized."),
    SNAPSHOT_NOT_FOUND(98, false, "The requested snapshot does not exist."),
    POSITION_OUT_OF_RANGE(99, false, "The requested position lies outside the snapshot."),
    UNKNOWN_TOPIC_ID(100, true, "This broker does not know the topic id."),
    DUPLICATE_BROKER_REGISTRATION(101, false, "This broker id is already registered."),
    BROKER_ID_NOT_REGISTERED(102, false, "The broker id is not registered."),
    INCONSISTENT_TOPIC_ID(103, true, "The topic id in the request does not match the one on the broker."),
    INCONSISTENT_CLUSTER_ID(104, false, "The cluster id in the request does not match this cluster's."),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "The transactional id does not exist."),
    FETCH_SESSION_TOPIC_ID_ERROR(106, true, "The fetch session saw a topic id change or a missing topic id."),
    INELIGIBLE_REPLICA(107, false, "The replica cannot join the in-sync replica set."),
    NEW_LEADER_ELECTED(108, false, "The partition changed leader while the request was in flight."),
    OFFSET_MOVED_TO_TIERED_STORAGE(109, false, "The requested offset has moved to tiered storage."),
    FENCED_MEMBER_EPOCH(110, false, "The member epoch is fenced; the member must rejoin with epoch zero."),
    UNRELEASED_INSTANCE_ID(111, false, "The static member's instance id is still held by another member."),
    UNSUPPORTED_ASSIGNOR(112, false, "The requested assignor is not supported by the group."),
    STALE_MEMBER_EPOCH(113, false, "The member epoch is stale."),
    MISMATCHED_ENDPOINT_TYPE(114, false, "The request was sent to an endpoint of the wrong type."),
    UNSUPPORTED_ENDPOINT_TYPE(115, false, "This endpoint type does not support the request."),
    UNKNOWN_CONTROLLER_ID(116, false, "The controller id is not known."),
    UNKNOWN_SUBSCRIPTION_ID(117, false, "The client telemetry subscription id is not valid."),
    TELEMETRY_TOO_LARGE(118, false, "The client telemetry payload is too large."),
    INVALID_REGISTRATION(119, false, "The controller rejected the broker registration."),
    TRANSACTION_ABORTABLE(120, false, "The transaction hit a server-side error and must be aborted by the client."),
    INVALID_RECORD_STATE(121, false, "The share-group record state is not valid for the operation."),
    SHARE_SESSION_NOT_FOUND(122, true, "The share session was not found."),
    INVALID_SHARE_SESSION_EPOCH(123, true, "The share session epoch is not valid."),
    FENCED_STATE_EPOCH(124, false, "The share-group state epoch is fenced."),
    INVALID_VOTER_KEY(125, false, "The voter key does not match the receiving replica."),
    DUPLICATE_VOTER(126, false, "The voter is already in the voter set."),
    VOTER_NOT_FOUND(127, false, "The voter is not in the voter set."),
    INVALID_REGULAR_EXPRESSION(128, false, "The regular expression is not valid."),
    REBOOTSTRAP_REQUIRED(129, false, "The client must rediscover the cluster from its bootstrap servers."),
    STREAMS_INVALID_TOPOLOGY(130, false, "The Streams topology is not valid."),
    STREAMS_INVALID_TOPOLOGY_EPOCH(131, false, "The Streams topology epoch is not valid."),
    STREAMS_TOPOLOGY_FENCED(132, false, "The Streams topology was replaced by a newer one."),
    SHARE_SESSION_LIMIT_REACHED(133, true, "The broker has reached its limit of share sessions."),
    GROUP_DELETION_FAILED(134, false, "The group could not be deleted."),
    STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED(135, false, "The Streams topology description could not be updated."),
    CONTROLLER_ID_NOT_REGISTERED(136, false, "The controller id is not registered.");

    private static final int LOWEST_CODE = -1;
    private static final ErrorCode[] BY_CODE = indexByCode();

    private final short code;
    private final boolean retriable;
    private final String message;

    ErrorCode(int code, boolean retriable, String message) {
        this.code = (short) code;
        this.retriable = retriable;
        this.message = message;
    }

    public short code() {
        return code;
    }

    /** True if the condition is transient, so the same request may succeed later. */
    public boolean retriable() {
        return retriable;
    }

    public String message() {
        return message;
    }

    /** The error for {@code code}; codes we do not know map to {@link #UNKNOWN_SERVER_ERROR}. O(1). */
    public static ErrorCode forCode(short code) {
        int index = code - LOWEST_CODE;
        if (index < 0 || index >= BY_CODE.length) {
            return UNKNOWN_SERVER_ERROR;
        }
        ErrorCode error = BY_CODE[index];
        return error == null ? UNKNOWN_SERVER_ERROR : error;
    }

    private static ErrorCode[] indexByCode() {
        int highest = 0;
        for (ErrorCode error : values()) {
            highest = Math.max(highest, error.code);
        }
        ErrorCode[] byCode = new ErrorCode[highest - LOWEST_CODE + 1];
        for (ErrorCode error : values()) {
            byCode[error.code - LOWEST_CODE] = error;
        }
        return byCode;
    }
}
