package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.internal.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** Authorization failures on produce are typed, fatal, and name the resource (issue 13's check). */
class AuthorizationErrorsTest {

    @Test
    void aDeniedTopicWriteNamesTheTopic() {
        AuthorizationException e = assertInstanceOf(AuthorizationException.class, ErrorClassifier.exception(
                ErrorCode.TOPIC_AUTHORIZATION_FAILED, "payments", 3, 100, 100, 1, "denied"));
        assertEquals(AuthorizationException.ResourceType.TOPIC, e.resourceType());
        assertEquals("payments", e.resource());
        assertTrue(e.getMessage().contains("payments-3") && e.getMessage().contains("WRITE"), e.getMessage());
        assertEquals(ErrorAction.FAIL, ErrorClassifier.action(ErrorCode.TOPIC_AUTHORIZATION_FAILED));
    }

    @Test
    void aDeniedIdempotentWriteNamesTheClusterAndThePermission() {
        AuthorizationException e = assertInstanceOf(AuthorizationException.class, ErrorClassifier.exception(
                ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "payments", 0, 100, 100, 1, null));
        assertEquals(AuthorizationException.ResourceType.CLUSTER, e.resourceType());
        assertNull(e.resource(), "the cluster has no name here");
        assertTrue(e.getMessage().contains("IDEMPOTENT_WRITE"), e.getMessage());
        assertEquals(ErrorAction.FAIL, ErrorClassifier.action(ErrorCode.CLUSTER_AUTHORIZATION_FAILED));
    }
}
