package dev.vltava.producer.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code directory} provider: {@code ${dir:/path/to/dir:name}} is the content (UTF-8, unchanged: a trailing
 * newline stays) of the regular file {@code name} directly in that directory, the layout of Kubernetes secret volumes.
 * Only the directory's own regular files are keys, so a key cannot reach outside it. Parameter: {@code allowed.paths}.
 */
final class DirectoryValueProvider implements ValueProvider {

    private final AllowedPaths allowedPaths;

    DirectoryValueProvider(Map<String, ?> params) {
        this.allowedPaths = AllowedPaths.from(params);
    }

    @Override
    public Map<String, String> values(String path, Set<String> keys) {
        if (path.isEmpty()) {
            throw new ProviderException("the directory provider needs a path: ${alias:/path/to/dir:file-name}");
        }
        Path dir = allowedPaths.check(path);
        if (!Files.isDirectory(dir)) {
            throw new ProviderException("the directory " + dir + " does not exist");
        }
        Map<String, String> out = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (keys.contains(name) && Files.isRegularFile(entry)) {
                    out.put(name, Files.readString(entry, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new ProviderException("cannot read the directory " + dir + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        return out;
    }

    @Override
    public String toString() {
        return "directory provider";
    }
}
