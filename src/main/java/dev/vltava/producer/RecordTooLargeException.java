package dev.vltava.producer;

/**
 * A record is larger than a limit (for example {@code max.request.size} or {@code buffer.memory}); only that
 * record failed. Retrying cannot help: raise the limit or make the record smaller.
 */
public class RecordTooLargeException extends VltavaException {

    /** The record size, or -1. */
    private final long recordSizeBytes;
    /** The limit, or -1. */
    private final long limitBytes;
    /** The name of the limit. */
    private final String limitName;

    /**
     * Creates the exception.
     *
     * @param recordSizeBytes the serialized size of the record, or -1 if unknown
     * @param limitBytes the limit it exceeded, or -1 if unknown
     * @param limitName which limit, e.g. {@code "max.request.size"}
     */
    public RecordTooLargeException(long recordSizeBytes, long limitBytes, String limitName) {
        this("The record is " + recordSizeBytes + " bytes when serialized, which is larger than " + limitName
                + " (" + limitBytes + " bytes); raise " + limitName + " or send a smaller record",
                recordSizeBytes, limitBytes, limitName, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param recordSizeBytes the serialized size of the record, or -1 if unknown
     * @param limitBytes the limit it exceeded, or -1 if unknown
     * @param limitName which limit, e.g. {@code "max.request.size"}
     * @param cause the underlying failure, or {@code null}
     */
    public RecordTooLargeException(String message, long recordSizeBytes, long limitBytes, String limitName,
                                   Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.recordSizeBytes = recordSizeBytes;
        this.limitBytes = limitBytes;
        this.limitName = limitName;
    }

    /** {@return size of the serialized record (with its batch overhead where applicable), or -1 if unknown} */
    public long recordSizeBytes() {
        return recordSizeBytes;
    }

    /** {@return the limit it exceeded, or -1 if unknown (for example when the broker reported it)} */
    public long limitBytes() {
        return limitBytes;
    }

    /** {@return which limit, e.g. {@code "max.request.size"}, {@code "buffer.memory"} or {@code "broker"}} */
    public String limitName() {
        return limitName;
    }
}
