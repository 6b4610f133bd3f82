package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CompressionRatioEstimateTest {
    @Test
    void startsAtOneMovesHalfwayToBetterAndAtOnceToWorse() {
        CompressionRatioEstimate e = new CompressionRatioEstimate();
        assertEquals(1f, e.ratio());
        e.observe(1000, 200);
        assertEquals(0.6f, e.ratio(), 1e-6);
        e.observe(1000, 200);
        assertEquals(0.4f, e.ratio(), 1e-6);
        e.observe(1000, 900);
        assertEquals(0.9f, e.ratio(), 1e-6, "worse: at once");
        e.observe(1000, 1200);
        assertEquals(1f, e.ratio(), 1e-6, "never above 1 (a batch that does not shrink is sent as it is)");
        e.observe(0, 0);
        assertEquals(1f, e.ratio(), 1e-6, "an empty batch says nothing");
    }
}
