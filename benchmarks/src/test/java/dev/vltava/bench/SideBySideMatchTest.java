package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SideBySideMatchTest {
    private static final String HEADLINE = "config b, 100 B, broker, random";
    private static final String EIGHT = "config b, 100 B, broker, random, 8 platform threads";
    private static final String KEYED = "config b, 100 B, broker, random, 1,000 partitions, keyed";

    @Test
    void aTextPicksTheLabelsThatContainIt() {
        assertTrue(SideBySide.matches(EIGHT, "8 platform threads"));
        assertFalse(SideBySide.matches(HEADLINE, "8 platform threads"));
    }

    @Test
    void alternativesAndEndAnchorPickTheSingleThreadReferenceWithTheThreadCase() {
        String match = "broker, random$|8 platform threads";
        assertTrue(SideBySide.matches(HEADLINE, match));
        assertTrue(SideBySide.matches(EIGHT, match));
        assertFalse(SideBySide.matches(KEYED, match));
    }
}
