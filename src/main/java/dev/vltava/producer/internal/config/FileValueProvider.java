package dev.vltava.producer.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code file} provider: {@code ${file:/path/to/file.properties:key}} reads a Java properties file (UTF-8) and
 * takes the key's value. Parameter: {@code allowed.paths}.
 */
final class FileValueProvider implements ValueProvider {

    private final AllowedPaths allowedPaths;

    FileValueProvider(Map<String, ?> params) {
        this.allowedPaths = AllowedPaths.from(params);
    }

    @Override
    public Map<String, String> values(String path, Set<String> keys) {
        if (path.isEmpty()) {
            throw new ProviderException("the file provider needs a path: ${alias:/path/to/file.properties:key}");
        }
        Path file = allowedPaths.check(path);
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new ProviderException("the file " + file + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            // The message of a parse error could quote the file's content: keep only the exception's type.
            throw new ProviderException("cannot read the properties file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> out = new HashMap<>();
        for (String key : keys) {
            String value = props.getProperty(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "file provider";
    }
}
