package dev.vltava.producer.internal.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code env} provider: {@code ${env:VARIABLE}} is the environment variable's value; a reference with a path is an
 * error. Parameter {@code allowlist.pattern}: a regular expression the whole variable name must match (not set: every
 * variable may be read).
 */
final class EnvValueProvider implements ValueProvider {

    static final String ALLOWLIST_PARAM = "allowlist.pattern";

    private final Map<String, String> environment;
    private final Pattern allowlist;

    EnvValueProvider(Map<String, ?> params, Map<String, String> environment) {
        this.environment = environment;
        String pattern = Params.string(params, ALLOWLIST_PARAM);
        try {
            this.allowlist = pattern == null ? null : Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ParamException(ALLOWLIST_PARAM, "'" + pattern + "' is not a valid regular expression");
        }
    }

    @Override
    public Map<String, String> values(String path, Set<String> keys) {
        if (!path.isEmpty()) {
            throw new ProviderException("the env provider takes no path: write ${alias:VARIABLE}");
        }
        Map<String, String> out = new HashMap<>();
        for (String name : keys) {
            if (allowlist != null && !allowlist.matcher(name).matches()) {
                throw new ProviderException("the environment variable " + name + " does not match "
                        + ALLOWLIST_PARAM + "=" + allowlist.pattern());
            }
            String value = environment.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "env provider";
    }
}
