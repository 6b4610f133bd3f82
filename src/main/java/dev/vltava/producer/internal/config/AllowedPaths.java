package dev.vltava.producer.internal.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code allowed.paths} parameter of the file and directory providers: a comma-separated list of existing absolute
 * paths;
 * a provider then reads only at or below one of them (compared after making the path absolute and removing
 * {@code .} and {@code ..}). Not set or empty: every path is allowed.
 */
final class AllowedPaths {

    static final String PARAM = "allowed.paths";

    private final List<Path> allowed;

    private AllowedPaths(List<Path> allowed) {
        this.allowed = allowed;
    }

    static AllowedPaths from(Map<String, ?> params) {
        List<Path> out = new ArrayList<>();
        for (String entry : Params.list(params, PARAM)) {
            Path p;
            try {
                p = Path.of(entry);
            } catch (InvalidPathException e) {
                throw new ParamException(PARAM, "'" + entry + "' is not a valid path");
            }
            if (!p.isAbsolute()) {
                throw new ParamException(PARAM, "'" + entry + "' is not an absolute path");
            }
            if (!Files.exists(p)) {
                throw new ParamException(PARAM, "'" + entry + "' does not exist"); // as Kafka: a likely typo
            }
            out.add(p.normalize());
        }
        return new AllowedPaths(List.copyOf(out));
    }

    /** The path made absolute and normalised, if allowed; a {@link ProviderException} otherwise. */
    Path check(String path) {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ProviderException("'" + path + "' is not a valid path");
        }
        if (allowed.isEmpty()) {
            return p;
        }
        for (Path a : allowed) {
            if (p.startsWith(a)) {
                return p;
            }
        }
        throw new ProviderException("the path " + p + " is not under " + PARAM + "=" + allowed);
    }
}
