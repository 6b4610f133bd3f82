package dev.vltava.producer.testkit.mock;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** One scripted behaviour: which requests it applies to, how many more times, and what the broker does. */
final class Rule {
    /** What the broker does with a matching request. */
    enum Action {
        /** Handle and answer normally (what happens when no rule matches). */
        ANSWER,
        /** Answer with an error code (per partition for Produce, per topic for Metadata). */
        ERROR,
        /** Handle normally, then wait before answering. */
        DELAY,
        /** Close the connection without handling the request (nothing stored). */
        DROP_BEFORE,
        /** Handle the request (records stored), then close the connection without answering. */
        DROP_AFTER,
        /** Handle the request, write the size prefix and half of the response, then close. */
        HALF_RESPONSE,
        /** Handle the request, answer with a frame of random bytes instead, keep the connection open. */
        GARBAGE,
        /** Never answer and never handle; the connection stays open until the client closes it. */
        STALL,
        /** Handle the request (records stored), then never answer. */
        STALL_AFTER,
        /**
         * Never handle nor answer, and stop reading the connection: the client's later frames back up in the socket
         * buffers until it closes the connection (a broker that hangs without closing its sockets).
         */
        STALL_UNREAD
    }

    final ApiKeys api;
    final Integer nodeId;
    final String topic;
    final int partition;
    final Action action;
    final Errors error;
    final String errorMessage;
    final long delayMs;
    private int remaining;

    Rule(ApiKeys api, Integer nodeId, String topic, int partition, int times, Action action, Errors error,
            String errorMessage, long delayMs) {
        this.api = api;
        this.nodeId = nodeId;
        this.topic = topic;
        this.partition = partition;
        this.remaining = times;
        this.action = action;
        this.error = error;
        this.errorMessage = errorMessage;
        this.delayMs = delayMs;
    }

    boolean exhausted() {
        return remaining == 0;
    }

    /** Whether the rule applies to this request; {@code partitions} are those it names (null: all topics). */
    boolean matches(ApiKeys requestApi, int requestNode, Collection<TopicPartition> partitions) {
        if (remaining == 0 || requestApi != api || (nodeId != null && nodeId != requestNode)) {
            return false;
        }
        if (topic == null || partitions == null) {
            return true;
        }
        for (TopicPartition tp : partitions) {
            if (covers(tp.topic(), tp.partition())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an ERROR applies to this topic/partition of a matched request (partition -1: any). */
    boolean covers(String t, int p) {
        return topic == null || (topic.equals(t) && (partition < 0 || p < 0 || partition == p));
    }

    void use() {
        if (remaining > 0) {
            remaining--;
        }
    }

    @Override
    public String toString() {
        return api + (topic == null ? "" : " " + topic + (partition < 0 ? "" : "-" + partition)) + " " + action
                + (error == null ? "" : " " + error) + " x" + (remaining < 0 ? "always" : remaining);
    }
}
