package dev.vltava.producer.compat;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the two SASL callback handler adapters share: the Kafka handler class, its instance once bound
 * ({@link #bind}: created and configured), and an idempotent close (the facade and Vltava may both close it).
 */
abstract class KafkaCallbackHandlerAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCallbackHandlerAdapter.class);

    private final Class<? extends AuthenticateCallbackHandler> handlerClass;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AuthenticateCallbackHandler handler;

    KafkaCallbackHandlerAdapter(Class<? extends AuthenticateCallbackHandler> handlerClass) {
        this.handlerClass = handlerClass;
    }

    /** Creates the handler and configures it as Kafka does. */
    final void bind(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasEntries) {
        AuthenticateCallbackHandler h;
        try {
            h = handlerClass.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new KafkaException("The constructor of " + handlerClass.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KafkaException("Could not instantiate " + handlerClass.getName() + ": it needs a public "
                    + "no-argument constructor", e);
        }
        handler = h; // closed with the adapter even if configure fails
        h.configure(configs, mechanism, jaasEntries);
    }

    /** The configured handler; fails if the facade did not bind it (a mechanism that does not use it). */
    final AuthenticateCallbackHandler handler() {
        AuthenticateCallbackHandler h = handler;
        if (h == null) {
            throw new IllegalStateException(handlerClass.getName() + " was not configured for this mechanism");
        }
        return h;
    }

    final String handlerName() {
        return handlerClass.getName();
    }

    @Override
    public final void close() {
        AuthenticateCallbackHandler h = handler;
        if (h != null && closed.compareAndSet(false, true)) {
            try {
                h.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing {} failed; ignored", handlerClass.getName(), e);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + handlerClass.getName() + "]";
    }
}
