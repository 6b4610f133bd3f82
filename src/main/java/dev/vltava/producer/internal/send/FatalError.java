package dev.vltava.producer.internal.send;

import dev.vltava.producer.VltavaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's fatal error, once one happened (say, InitProducerId not authorized): the sender loop then fails
 * everything it holds with it. Set on the sender thread, read by any thread.
 */
final class FatalError {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private volatile VltavaException error;

    /** Keeps the first error; later ones are ignored. */
    void set(VltavaException e) {
        if (error == null) {
            LOG.error("fatal producer error: {}", e.getMessage());
            error = e;
        }
    }

    /** The error, or null while there is none. */
    VltavaException get() {
        return error;
    }
}
