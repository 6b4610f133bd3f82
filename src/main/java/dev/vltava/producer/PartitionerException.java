package dev.vltava.producer;

/**
 * The user's {@link Partitioner} threw while choosing a partition for a record: only that record failed, through
 * its future and callback (never thrown from {@code send()}), whether the partitioner ran inside {@code send()} or
 * later, once the topic's metadata arrived. The cause is what the partitioner threw.
 */
public class PartitionerException extends VltavaException {

    /** The partitioner class name. */
    private final String partitionerClass;
    /** The topic concerned. */
    private final String topic;

    /**
     * Creates the exception.
     *
     * @param partitionerClass the class name of the partitioner that threw
     * @param topic the topic concerned
     * @param cause the underlying failure, or {@code null}
     */
    public PartitionerException(String partitionerClass, String topic, Throwable cause) {
        super(Kind.FATAL, "The partitioner " + partitionerClass + " threw " + cause.getClass().getName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")") + " for a record to topic "
                + topic + "; only this record failed.", cause);
        this.partitionerClass = partitionerClass;
        this.topic = topic;
    }

    /** {@return the class name of the partitioner that threw} */
    public String partitionerClass() {
        return partitionerClass;
    }

    /** {@return the topic concerned} */
    public String topic() {
        return topic;
    }
}
