package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The error table must match the official client's, code for code, so it cannot drift. */
class ErrorCodeTest {

    private static boolean officiallyRetriable(Errors error) {
        return error.exception() instanceof RetriableException;
    }

    @Test
    void everyOfficialCodeIsInOurTableWithTheSameNameAndRetriability() {
        for (Errors official : Errors.values()) {
            ErrorCode ours = ErrorCode.forCode(official.code());
            assertEquals(official.name(), ours.name(), "code " + official.code());
            assertEquals(official.code(), ours.code());
            assertEquals(officiallyRetriable(official), ours.retriable(), official.name());
        }
    }

    @Test
    void ourTableHasNothingTheOfficialOneLacks() {
        assertEquals(Errors.values().length, ErrorCode.values().length);
        Set<Short> codes = new HashSet<>();
        for (ErrorCode ours : ErrorCode.values()) {
            assertEquals(ours.name(), Errors.forCode(ours.code()).name());
            assertFalse(ours.message().isBlank(), ours.name());
            assertEquals(true, codes.add(ours.code()), "duplicate code " + ours.code());
        }
    }

    @Test
    void unknownCodesMapToUnknownServerError() {
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) 30_000));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) -2));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode(Short.MIN_VALUE));
        assertSame(ErrorCode.NONE, ErrorCode.forCode((short) 0));
        assertSame(ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.forCode((short) 6));
    }
}
