package dev.vltava.producer.internal.transaction;

import static dev.vltava.producer.internal.transaction.TransactionState.ABORTABLE_ERROR;
import static dev.vltava.producer.internal.transaction.TransactionState.ABORTING_TRANSACTION;
import static dev.vltava.producer.internal.transaction.TransactionState.COMMITTING_TRANSACTION;
import static dev.vltava.producer.internal.transaction.TransactionState.FATAL_ERROR;
import static dev.vltava.producer.internal.transaction.TransactionState.INITIALIZING;
import static dev.vltava.producer.internal.transaction.TransactionState.IN_TRANSACTION;
import static dev.vltava.producer.internal.transaction.TransactionState.READY;
import static dev.vltava.producer.internal.transaction.TransactionState.UNINITIALIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every pair of states, against the transitions written out here by hand: allowed ones pass, all others throw. */
class TransactionStateTest {

    /** The expected table, spelled out independently of the one in TransactionState. */
    private static final Map<TransactionState, Set<TransactionState>> EXPECTED = Map.of(
            UNINITIALIZED, EnumSet.of(INITIALIZING, FATAL_ERROR),
            INITIALIZING, EnumSet.of(READY, FATAL_ERROR),
            READY, EnumSet.of(IN_TRANSACTION, FATAL_ERROR),
            IN_TRANSACTION, EnumSet.of(COMMITTING_TRANSACTION, ABORTING_TRANSACTION, ABORTABLE_ERROR, FATAL_ERROR),
            COMMITTING_TRANSACTION, EnumSet.of(READY, ABORTABLE_ERROR, FATAL_ERROR),
            ABORTING_TRANSACTION, EnumSet.of(READY, INITIALIZING, FATAL_ERROR),
            ABORTABLE_ERROR, EnumSet.of(ABORTING_TRANSACTION, FATAL_ERROR),
            FATAL_ERROR, EnumSet.noneOf(TransactionState.class));

    @Test
    void everyStateHasARowInTheExpectedTable() {
        assertEquals(EnumSet.allOf(TransactionState.class), EnumSet.copyOf(EXPECTED.keySet()));
    }

    @Test
    void allowedTransitionsPassAndReturnTheTarget() {
        int allowed = 0;
        for (TransactionState from : TransactionState.values()) {
            for (TransactionState to : EXPECTED.get(from)) {
                assertTrue(from.canTransitionTo(to), from + " -> " + to);
                assertSame(to, from.checkTransitionTo(to));
                allowed++;
            }
        }
        assertEquals(18, allowed);
    }

    @Test
    void everyOtherTransitionIsRefusedWithBothStatesNamed() {
        int forbidden = 0;
        for (TransactionState from : TransactionState.values()) {
            for (TransactionState to : TransactionState.values()) {
                if (EXPECTED.get(from).contains(to)) {
                    continue;
                }
                assertFalse(from.canTransitionTo(to), from + " -> " + to);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> from.checkTransitionTo(to));
                assertTrue(e.getMessage().contains(from.name()) && e.getMessage().contains(to.name()),
                        e.getMessage());
                forbidden++;
            }
        }
        assertEquals(8 * 8 - 18, forbidden);
    }

    @Test
    void fatalErrorIsFinalAndReachableFromEveryOtherState() {
        for (TransactionState s : TransactionState.values()) {
            assertEquals(s != FATAL_ERROR, s.canTransitionTo(FATAL_ERROR), s.name());
            assertFalse(FATAL_ERROR.canTransitionTo(s), "FATAL_ERROR -> " + s);
        }
    }

    @Test
    void onlyAnOpenTransactionAcceptsRecordsAndOnlyOpenOrCommittingDrainsThem() {
        for (TransactionState s : TransactionState.values()) {
            assertEquals(s == IN_TRANSACTION, s.acceptsRecords(), s.name());
            assertEquals(s == IN_TRANSACTION || s == COMMITTING_TRANSACTION, s.drainsBatches(), s.name());
        }
    }
}
