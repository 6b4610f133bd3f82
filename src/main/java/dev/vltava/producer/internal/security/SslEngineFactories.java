package dev.vltava.producer.internal.security;

import static dev.vltava.producer.SslConfig.SSL_ENGINE_FACTORY_CLASS_CONFIG;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.SslConfig;
import dev.vltava.producer.SslEngineFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

/** The engine factory a producer uses: the user's ({@code ssl.engine.factory.class}) or the built-in one. */
public final class SslEngineFactories {

    private SslEngineFactories() {
    }

    /**
     * Creates and configures the factory. The built-in one reads its stores here, so every store problem surfaces
     * when the producer is created, as a {@link ConfigException}.
     *
     * @param originals the producer's configuration as given, handed to a user factory's configure
     */
    public static SslEngineFactory create(SslConfig ssl, Map<String, ?> originals) {
        Object ref = ssl.engineFactoryClass();
        if (ref == null) {
            return new DefaultSslEngineFactory(ssl);
        }
        if (ref instanceof SslEngineFactory given) {
            return given; // an instance: its owner configured it
        }
        SslEngineFactory factory = instantiate(ref);
        try {
            factory.configure(originals);
        } catch (RuntimeException e) {
            closeQuietly(factory, e);
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "configure() of " + factory.getClass()
                    .getName() + " given in '" + SSL_ENGINE_FACTORY_CLASS_CONFIG + "' failed: " + e, e);
        }
        return factory;
    }

    private static SslEngineFactory instantiate(Object ref) {
        Class<?> cls = ref instanceof Class<?> c ? c : load((String) ref);
        if (!SslEngineFactory.class.isAssignableFrom(cls)) {
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "Class " + cls.getName() + " given in '"
                    + SSL_ENGINE_FACTORY_CLASS_CONFIG + "' does not implement " + SslEngineFactory.class.getName()
                    + (cls.getName().startsWith("org.apache.kafka") || implementsKafkaFactory(cls)
                    ? " (a Kafka SslEngineFactory works through the KafkaProducer facade, dev.vltava.producer.compat)"
                    : ""));
        }
        try {
            return (SslEngineFactory) cls.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "Class " + cls.getName() + " given in '"
                    + SSL_ENGINE_FACTORY_CLASS_CONFIG + "' has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "The constructor of " + cls.getName()
                    + " given in '" + SSL_ENGINE_FACTORY_CLASS_CONFIG + "' failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "Could not instantiate " + cls.getName()
                    + " given in '" + SSL_ENGINE_FACTORY_CLASS_CONFIG + "': " + e, e);
        }
    }

    private static boolean implementsKafkaFactory(Class<?> cls) {
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().startsWith("org.apache.kafka")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Class<?> load(String name) {
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = contextLoader != null ? contextLoader : SslEngineFactories.class.getClassLoader();
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(List.of(SSL_ENGINE_FACTORY_CLASS_CONFIG), "Class " + name + " given in '"
                    + SSL_ENGINE_FACTORY_CLASS_CONFIG + "' could not be loaded: " + e, e);
        }
    }

    static void closeQuietly(SslEngineFactory factory, Throwable primary) {
        try {
            factory.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
