package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClusterIdsTest {
    @Test
    void anIdThatWouldStartWithADashIsDrawnAgain() {
        // 0xF8 = 111110.. : the first Base64 digit is 62, which the URL-safe alphabet writes as '-'
        UUID dashFirst = new UUID(0xF800_0000_0000_0000L, 1L);
        UUID fine = new UUID(0x0800_0000_0000_0000L, 2L);
        Iterator<UUID> draws = List.of(dashFirst, fine).iterator();

        String id = ClusterIds.newClusterId(draws::next);

        assertFalse(id.startsWith("-"), id);
        assertEquals(22, id.length());
        assertEquals(org.apache.kafka.common.Uuid.fromString(id).getMostSignificantBits(), fine.getMostSignificantBits());
    }
}
