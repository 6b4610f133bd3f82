package dev.vltava.producer;

/**
 * A record is larger than a limit (for example {@code max.request.size} or {@code buffer.memory}); only that
 * record failed. Retrying cannot help: raise the limit or make the record smaller.
 */
public class RecordTooLargeException extends VltavaException {

    private final long recordSizeBytes;
    private final long limitBytes;
    private final String limitName;

    public RecordTooLargeException(long recordSizeBytes, long limitBytes, String limitName) {
        this("The record is " + recordSizeBytes + " bytes when serialized, which is larger than " + limitName
                + " (" + limitBytes + " bytes); raise " + limitName + " or send a smaller record",
                recordSizeBytes, limitBytes, limitName, null);
    }

    public RecordTooLargeException(String message, long recordSizeBytes, long limitBytes, String limitName,
                                   Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.recordSizeBytes = recordSizeBytes;
        this.limitBytes = limitBytes;
        this.limitName = limitName;
    }

    /** Size of the serialized record (with its batch overhead where applicable), or -1 if unknown. */
    public long recordSizeBytes() {
        return recordSizeBytes;
    }

    /** The limit it exceeded, or -1 if unknown (for example when the broker reported it). */
    public long limitBytes() {
        return limitBytes;
    }

    /** Which limit, e.g. {@code "max.request.size"}, {@code "buffer.memory"} or {@code "broker"}. */
    public String limitName() {
        return limitName;
    }
}
