package dev.vltava.producer.testkit.mock;

import java.time.Duration;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Fluent scripting of one behaviour for the next matching requests, e.g.
 * <pre>{@code
 * broker.onProduce().forPartition("t", 0).times(2).respondWith(Errors.NOT_ENOUGH_REPLICAS);
 * broker.onProduce().dropConnectionAfterHandling();
 * broker.onInitProducerId().respondWith(Errors.CLUSTER_AUTHORIZATION_FAILED);
 * }</pre>
 * Rules apply in the order they were added; a request uses the first rule that matches it (one count).
 * The last call (respondWith, delay, drop..., stall...) adds the rule.
 */
public final class Script {
    private final MockBroker broker;
    private final ApiKeys api;
    private Integer nodeId;
    private String topic;
    private int partition = -1;
    private int times = 1;

    Script(MockBroker broker, ApiKeys api) {
        this.broker = broker;
        this.api = api;
    }

    /** Only requests that name this partition (for Produce, errors then apply to that partition only). */
    public Script forPartition(String topicName, int partitionIndex) {
        this.topic = topicName;
        this.partition = partitionIndex;
        return this;
    }

    /** Only requests that name this topic (any partition). */
    public Script forTopic(String topicName) {
        this.topic = topicName;
        this.partition = -1;
        return this;
    }

    /** Only requests received by this node. */
    public Script onNode(int node) {
        this.nodeId = node;
        return this;
    }

    /** For the next {@code n} matching requests (default 1). */
    public Script times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        this.times = n;
        return this;
    }

    /** For every matching request from now on. */
    public Script always() {
        this.times = -1;
        return this;
    }

    public void respondWith(Errors error) {
        respondWith(error, null);
    }

    /** Answers with this error code and message (Produce: per covered partition, nothing stored there). */
    public void respondWith(Errors error, String message) {
        add(Rule.Action.ERROR, error, message, 0);
    }

    /** Handles normally, answers after {@code delay}. */
    public void delay(Duration delay) {
        add(Rule.Action.DELAY, null, null, delay.toMillis());
    }

    public void dropConnectionBeforeHandling() {
        add(Rule.Action.DROP_BEFORE, null, null, 0);
    }

    public void dropConnectionAfterHandling() {
        add(Rule.Action.DROP_AFTER, null, null, 0);
    }

    public void halfResponseThenClose() {
        add(Rule.Action.HALF_RESPONSE, null, null, 0);
    }

    public void garbageResponse() {
        add(Rule.Action.GARBAGE, null, null, 0);
    }

    /** Never handles nor answers; the connection stays open until the client gives up on it. */
    public void stall() {
        add(Rule.Action.STALL, null, null, 0);
    }

    /**
     * Never handles nor answers, and reads nothing more from that connection, so the client cannot write the frames
     * it sends after this one; the connection stays open until the client gives up on it.
     */
    public void stallWithoutReading() {
        add(Rule.Action.STALL_UNREAD, null, null, 0);
    }

    /** Handles (stores records) but never answers. */
    public void stallAfterHandling() {
        add(Rule.Action.STALL_AFTER, null, null, 0);
    }

    private void add(Rule.Action action, Errors error, String message, long delayMs) {
        broker.addRule(new Rule(api, nodeId, topic, partition, times, action, error, message, delayMs));
    }
}
