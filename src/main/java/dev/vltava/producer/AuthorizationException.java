package dev.vltava.producer;

/** The broker refused an operation because the client is not authorized for a topic, the cluster, or an id. */
public class AuthorizationException extends VltavaException {

    /** What kind of resource access was denied to. */
    public enum ResourceType {
        /** A topic: writing to it (or describing it) was denied. */
        TOPIC,
        /** The cluster, e.g. the IDEMPOTENT_WRITE operation an idempotent producer needs. */
        CLUSTER,
        /** A transactional id. */
        TRANSACTIONAL_ID,
        /** A consumer group (offsets sent to a transaction). */
        GROUP
    }

    /** The kind of resource. */
    private final ResourceType resourceType;
    /** The resource name, or {@code null} for the cluster. */
    private final String resource;

    /**
     * Creates the exception.
     *
     * @param resourceType the kind of resource access was denied to
     * @param resource the name of the resource (topic name, transactional id), or {@code null} for the cluster
     * @param message what went wrong, naming the cause
     */
    public AuthorizationException(ResourceType resourceType, String resource, String message) {
        this(resourceType, resource, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param resourceType the kind of resource access was denied to
     * @param resource the name of the resource (topic name, transactional id), or {@code null} for the cluster
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public AuthorizationException(ResourceType resourceType, String resource, String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.resourceType = java.util.Objects.requireNonNull(resourceType, "resourceType");
        this.resource = resource;
    }

    /** {@return the kind of resource access was denied to} */
    public ResourceType resourceType() {
        return resourceType;
    }

    /** {@return name of the resource (topic name, transactional id), or {@code null} for the cluster} */
    public String resource() {
        return resource;
    }
}
