package dev.vltava.producer.internal.protocol;

/**
 * The Kafka APIs this client speaks, with the version range this package implements (not what brokers offer; see
 * {@link ApiVersionsTable} for negotiation) and the first flexible version (KIP-482), which decides header versions
 * and whether strings, bytes and arrays use their compact encodings.
 *
 * <p>Version facts (Kafka 4.x message schemas):
 * <ul>
 *   <li>Produce: v3 is the oldest a 4.x broker accepts and the first with RecordBatch v2; v9 first flexible;
 *       v10 adds tagged CurrentLeader/NodeEndpoints to the response; v12 implies transaction-v2 semantics for
 *       transactional produce (KIP-890), so callers in a v1 transaction must cap at v11; v13 uses topic ids.</li>
 *   <li>Metadata: v1 is the first with a nullable topic list (null = all topics); v9 first flexible; v10 adds topic
 *       ids; v13 adds a top-level error code.</li>
 *   <li>ApiVersions: v3 first flexible, but its response always uses header v0 (KIP-511); v5 adds optional
 *       cluster/node ids to the request.</li>
 *   <li>InitProducerId: v3 adds producer id/epoch to the request (an epoch bump, KIP-360); v6 adds the two-phase
 *       commit fields (KIP-939), which this client never needs, so it is not implemented.</li>
 *   <li>FindCoordinator: v1 adds the key type (0 group, 1 transaction); v3 first flexible; v4 batches keys
 *       (KIP-699); v6 adds the share key type.</li>
 *   <li>AddPartitionsToTxn: v3 first flexible; v4+ is the broker-to-broker batched form (many transactions,
 *       verify-only), so clients use v0..v3 and only in a transactions-v1 transaction (in v2, KIP-890, Produce
 *       adds partitions implicitly).</li>
 *   <li>AddOffsetsToTxn: v3 first flexible; v4 only admits TRANSACTION_ABORTABLE (KIP-890).</li>
 *   <li>TxnOffsetCommit: v2 adds the committed leader epoch; v3 first flexible and adds generation id, member id and
 *       group instance id (KIP-447); v5 has the v4 frame but, in a transactions-v2 transaction, also enrolls the
 *       group's offsets partition (it replaces AddOffsetsToTxn), so a transactions-v1 caller caps at v4; v6 names
 *       topics by id instead of by name.</li>
 *   <li>EndTxn: v3 first flexible; v5 is the transactions-v2 form (KIP-890): the coordinator bumps the epoch and
 *       the response carries the producer id and epoch to use next, so a transactions-v1 caller caps at v4.</li>
 *   <li>SaslHandshake has no flexible version; SaslAuthenticate v2 is flexible.</li>
 *   <li>DescribeConfigs: v0 was removed in 4.0 (KIP-896), so 4.x brokers accept v1..v4; v1 adds
 *       include_synonyms and the config source, v3 adds include_documentation and the config type, v4 first
 *       flexible.</li>
 * </ul>
 */
public enum ApiKey {

    PRODUCE(0, "Produce", 3, 13, 9),
    METADATA(3, "Metadata", 1, 13, 9),
    FIND_COORDINATOR(10, "FindCoordinator", 0, 6, 3),
    SASL_HANDSHAKE(17, "SaslHandshake", 0, 1, Short.MAX_VALUE),
    API_VERSIONS(18, "ApiVersions", 0, 5, 3),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 5, 2),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", 0, 3, 3),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", 0, 4, 3),
    END_TXN(26, "EndTxn", 0, 5, 3),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", 0, 6, 3),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 1, 4, 4),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 0, 2, 2);

    /** {@link #firstFlexibleVersion()} of an API that has no flexible version. */
    public static final short NEVER_FLEXIBLE = Short.MAX_VALUE;

    private static final ApiKey[] BY_ID = indexById();

    private final short id;
    private final String apiName;
    private final short minVersion;
    private final short maxVersion;
    private final short firstFlexibleVersion;

    ApiKey(int id, String apiName, int minVersion, int maxVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.apiName = apiName;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
    }

    public short id() {
        return id;
    }

    /** The protocol's name for the API, e.g. "Metadata"; used in error messages. */
    public String apiName() {
        return apiName;
    }

    /** Oldest version this package implements. */
    public short minVersion() {
        return minVersion;
    }

    /** Newest version this package implements. */
    public short maxVersion() {
        return maxVersion;
    }

    /** First flexible version, or {@link #NEVER_FLEXIBLE}. */
    public short firstFlexibleVersion() {
        return firstFlexibleVersion;
    }

    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    public boolean isImplemented(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    /** Request header v2 (with tagged fields) for flexible versions, else v1. */
    public short requestHeaderVersion(short apiVersion) {
        return (short) (isFlexible(apiVersion) ? 2 : 1);
    }

    /**
     * Response header v1 (with tagged fields) for flexible versions, else v0. ApiVersions always answers with v0,
     * because a client must be able to read the header before it knows which versions the broker speaks (KIP-511).
     */
    public short responseHeaderVersion(short apiVersion) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return (short) (isFlexible(apiVersion) ? 1 : 0);
    }

    /** @throws UnsupportedVersionException if {@code version} is outside what this package implements */
    void checkImplemented(short version) {
        if (!isImplemented(version)) {
            throw new UnsupportedVersionException(apiName + " v" + version + " is not implemented (we implement v"
                    + minVersion + "..v" + maxVersion + ")");
        }
    }

    /** The API with this id, or {@code null} if we do not implement it. */
    public static ApiKey forId(short id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    private static ApiKey[] indexById() {
        int maxId = 0;
        for (ApiKey key : values()) {
            maxId = Math.max(maxId, key.id);
        }
        ApiKey[] byId = new ApiKey[maxId + 1];
        for (ApiKey key : values()) {
            byId[key.id] = key;
        }
        return byId;
    }
}
