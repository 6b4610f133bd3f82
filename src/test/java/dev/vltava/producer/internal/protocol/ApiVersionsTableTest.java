package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiVersionsTableTest {

    private static ApiVersionsResponse.ApiVersionRange range(ApiKey key, int min, int max) {
        return new ApiVersionsResponse.ApiVersionRange(key.id(), (short) min, (short) max);
    }

    @Test
    void usableVersionIsTheHighestBothSidesSupport() {
        ApiVersionsTable table = new ApiVersionsTable(new ApiVersionsResponse((short) 0, List.of(
                range(ApiKey.PRODUCE, 0, 9),          // a 2.8 broker: we cap at its max
                range(ApiKey.METADATA, 0, 20),        // a future broker: we cap at ours
                range(ApiKey.INIT_PRODUCER_ID, 0, 1),
                new ApiVersionsResponse.ApiVersionRange((short) 999, (short) 0, (short) 1)), 0));
        assertEquals(9, table.usableVersion(ApiKey.PRODUCE));
        assertEquals(ApiKey.METADATA.maxVersion(), table.usableVersion(ApiKey.METADATA));
        assertEquals(1, table.usableVersion(ApiKey.INIT_PRODUCER_ID));
        assertTrue(table.supports(ApiKey.PRODUCE));
        assertFalse(table.supports(ApiKey.SASL_HANDSHAKE));
        assertNull(table.brokerRange(ApiKey.SASL_HANDSHAKE));
    }

    @Test
    void noCommonVersionNamesTheApiAndBothRanges() {
        ApiVersionsTable table = new ApiVersionsTable(new ApiVersionsResponse((short) 0,
                List.of(range(ApiKey.PRODUCE, 0, 2), range(ApiKey.METADATA, 14, 15)), 0));
        assertFalse(table.supports(ApiKey.PRODUCE));
        UnsupportedVersionException tooOld = assertThrows(UnsupportedVersionException.class,
                () -> table.usableVersion(ApiKey.PRODUCE));
        assertEquals("no common Produce version: broker supports v0..v2, we support v3..v13", tooOld.getMessage());
        assertThrows(UnsupportedVersionException.class, () -> table.usableVersion(ApiKey.METADATA));
        UnsupportedVersionException missing = assertThrows(UnsupportedVersionException.class,
                () -> table.usableVersion(ApiKey.FIND_COORDINATOR));
        assertTrue(missing.getMessage().contains("FindCoordinator"), missing.getMessage());
    }

    @Test
    void usableVersionCanBeCappedForVersionsWhoseMeaningDiffers() {
        ApiVersionsTable table = new ApiVersionsTable(new ApiVersionsResponse((short) 0, List.of(
                range(ApiKey.END_TXN, 0, 5), range(ApiKey.TXN_OFFSET_COMMIT, 0, 3), range(ApiKey.PRODUCE, 3, 13)), 0));
        assertEquals(4, table.usableVersion(ApiKey.END_TXN, (short) 4), "transactions v1 caps EndTxn at v4");
        assertEquals(3, table.usableVersion(ApiKey.TXN_OFFSET_COMMIT, (short) 4), "the broker's max is lower");
        assertEquals(11, table.usableVersion(ApiKey.PRODUCE, (short) 11));
        UnsupportedVersionException tooLow = assertThrows(UnsupportedVersionException.class,
                () -> table.usableVersion(ApiKey.PRODUCE, (short) 2));
        assertEquals("no Produce version at or below v2: broker supports v3..v13, we support v3..v13",
                tooLow.getMessage());
        assertThrows(UnsupportedVersionException.class, () -> table.usableVersion(ApiKey.ADD_OFFSETS_TO_TXN, (short) 3));
    }

    @Test
    void withoutFeatureInformationTheTransactionVersionIsZero() {
        ApiVersionsTable table = new ApiVersionsTable(new ApiVersionsResponse((short) 0, List.of(), 0));
        assertEquals(0, table.finalizedTransactionVersion());
        assertEquals(ApiVersionsResponse.UNKNOWN_FEATURES_EPOCH, table.finalizedFeaturesEpoch());
        ApiVersionsTable v2 = new ApiVersionsTable(new ApiVersionsResponse((short) 0, List.of(), 0, 3L,
                List.of(new ApiVersionsResponse.FinalizedFeature("transaction.version", (short) 2, (short) 2))));
        assertEquals(2, v2.finalizedTransactionVersion());
        assertEquals(3L, v2.finalizedFeaturesEpoch());
    }

    @Test
    void ourApiKeysAgreeWithTheOfficialTable() {
        for (ApiKey key : ApiKey.values()) {
            ApiKeys official = ApiKeys.forId(key.id());
            assertEquals(official.id, key.id());
            assertTrue(key.minVersion() >= official.oldestVersion(), key + " min");
            assertTrue(key.maxVersion() <= official.latestVersion(false), key + " max must be a stable version");
            for (short v = key.minVersion(); v <= key.maxVersion(); v++) {
                assertEquals(official.messageType.requestHeaderVersion(v) == 2, key.isFlexible(v), key + " v" + v);
            }
            assertSame(key, ApiKey.forId(key.id()));
        }
        assertNull(ApiKey.forId((short) 1));
        assertNull(ApiKey.forId((short) -1));
        assertNull(ApiKey.forId((short) 5000));
    }
}
