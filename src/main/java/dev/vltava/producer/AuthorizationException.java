package dev.vltava.producer;

/** The broker refused an operation because the client is not authorized for a topic, the cluster, or an id. */
public class AuthorizationException extends VltavaException {

    /** What kind of resource access was denied to. */
    public enum ResourceType { TOPIC, CLUSTER, TRANSACTIONAL_ID, GROUP }

    private final ResourceType resourceType;
    private final String resource;

    public AuthorizationException(ResourceType resourceType, String resource, String message) {
        this(resourceType, resource, message, null);
    }

    public AuthorizationException(ResourceType resourceType, String resource, String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.resourceType = java.util.Objects.requireNonNull(resourceType, "resourceType");
        this.resource = resource;
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    /** Name of the resource (topic name, transactional id), or {@code null} for the cluster. */
    public String resource() {
        return resource;
    }
}
