package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The name and version this client reports to brokers (ApiVersions) and in its app-info metric. The version comes
 * from the build: {@code client-software.properties} is filled in with the project version by Maven's resource
 * filtering, so it is never a constant that someone forgets to change.
 */
public final class ClientSoftware {
    /** The software name of the ApiVersions request. */
    public static final String NAME = "vltava-producer";
    /** This library's version, as built (for example {@code 0.1.0-SNAPSHOT}). */
    public static final String VERSION = readVersion();

    private ClientSoftware() {
    }

    private static String readVersion() {
        try (InputStream in = ClientSoftware.class.getResourceAsStream("client-software.properties")) {
            if (in == null) {
                throw new IllegalStateException("client-software.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isEmpty() || v.contains("${")) {
                throw new IllegalStateException("client-software.properties was not filled in by the build: " + v);
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
