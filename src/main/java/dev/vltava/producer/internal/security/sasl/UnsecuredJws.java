package dev.vltava.producer.internal.security.sasl;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Unsecured JSON Web Tokens ({@code alg: none}, empty signature) for development and tests, built from the options
 * Kafka's unsecured OAUTHBEARER login takes in the JAAS line:
 * <ul>
 *   <li>{@code unsecuredLoginStringClaim_<name>="value"}, {@code unsecuredLoginNumberClaim_<name>="123"},
 *       {@code unsecuredLoginListClaim_<name>=",a,b"} (the first character separates the items);</li>
 *   <li>{@code unsecuredLoginPrincipalClaimName} (default {@code sub}: the claim that must name the principal),
 *       {@code unsecuredLoginLifetimeSeconds} (default 3600), {@code unsecuredLoginScopeClaimName} (default
 *       {@code scope});</li>
 *   <li>{@code unsecuredLoginExtension_<name>="value"}: SASL extensions sent beside the token.</li>
 * </ul>
 * {@code iat} and {@code exp} are set from the clock. Brokers accept such tokens only with their unsecured
 * validator: never in production.
 */
public final class UnsecuredJws {
    private static final String STRING_CLAIM = "unsecuredLoginStringClaim_";
    private static final String NUMBER_CLAIM = "unsecuredLoginNumberClaim_";
    private static final String LIST_CLAIM = "unsecuredLoginListClaim_";
    private static final String EXTENSION = "unsecuredLoginExtension_";
    private static final String PRINCIPAL_CLAIM_NAME = "unsecuredLoginPrincipalClaimName";
    private static final String LIFETIME_SECONDS = "unsecuredLoginLifetimeSeconds";
    private static final String SCOPE_CLAIM_NAME = "unsecuredLoginScopeClaimName";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, String> extensions = new LinkedHashMap<>();
    private final long lifetimeMs;
    private final LongSupplier wallClockMs;

    /**
     * @throws IllegalArgumentException when an option is malformed or the principal claim is missing; the message
     *                                  names the option, not its value
     */
    public UnsecuredJws(Map<String, String> jaasOptions, LongSupplier wallClockMs) {
        this.wallClockMs = wallClockMs;
        String principalClaim = jaasOptions.getOrDefault(PRINCIPAL_CLAIM_NAME, "sub").trim();
        String scopeClaim = jaasOptions.getOrDefault(SCOPE_CLAIM_NAME, "scope").trim();
        long lifetimeSeconds;
        try {
            lifetimeSeconds = Long.parseLong(jaasOptions.getOrDefault(LIFETIME_SECONDS, "3600").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LIFETIME_SECONDS + " must be a whole number of seconds");
        }
        if (lifetimeSeconds <= 0) {
            throw new IllegalArgumentException(LIFETIME_SECONDS + " must be positive");
        }
        this.lifetimeMs = lifetimeSeconds * 1000;
        for (Map.Entry<String, String> e : jaasOptions.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(STRING_CLAIM)) {
                claims.put(claimName(key, STRING_CLAIM), e.getValue());
            } else if (key.startsWith(NUMBER_CLAIM)) {
                try {
                    claims.put(claimName(key, NUMBER_CLAIM), new BigDecimal(e.getValue().trim()));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(key + " must be a number");
                }
            } else if (key.startsWith(LIST_CLAIM)) {
                claims.put(claimName(key, LIST_CLAIM), list(key, e.getValue()));
            } else if (key.startsWith(EXTENSION)) {
                String name = key.substring(EXTENSION.length());
                if (name.isEmpty() || name.equals("auth")) {
                    throw new IllegalArgumentException(key + " is not a valid extension name");
                }
                extensions.put(name, e.getValue());
            }
        }
        Object principal = claims.get(principalClaim);
        if (!(principal instanceof String p) || p.isBlank()) {
            throw new IllegalArgumentException("the unsecured token needs a principal: set " + STRING_CLAIM
                    + principalClaim + " in sasl.jaas.config");
        }
        if (claims.containsKey(scopeClaim) && !(claims.get(scopeClaim) instanceof String
                || claims.get(scopeClaim) instanceof List)) {
            throw new IllegalArgumentException("the scope claim " + scopeClaim + " must be a string or a list");
        }
    }

    private static String claimName(String key, String prefix) {
        String name = key.substring(prefix.length());
        if (name.isEmpty() || name.equals("iat") || name.equals("exp") || name.equals("alg")) {
            throw new IllegalArgumentException(key + ": the claim name is missing or reserved (iat and exp are set "
                    + "from unsecuredLoginLifetimeSeconds)");
        }
        return name;
    }

    private static List<String> list(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " must start with its separator character");
        }
        String separator = value.substring(0, 1);
        List<String> out = new ArrayList<>();
        for (String item : value.substring(1).split(java.util.regex.Pattern.quote(separator), -1)) {
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    /** A new token issued now. */
    public OAuthToken issue() {
        long now = wallClockMs.getAsLong();
        long expires = now + lifetimeMs;
        StringBuilder payload = new StringBuilder("{");
        payload.append("\"iat\":").append(seconds(now)).append(",\"exp\":").append(seconds(expires));
        for (Map.Entry<String, Object> c : claims.entrySet()) {
            payload.append(',');
            json(payload, c.getKey());
            payload.append(':');
            Object v = c.getValue();
            if (v instanceof BigDecimal n) {
                payload.append(n.toPlainString());
            } else if (v instanceof List<?> items) {
                payload.append('[');
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        payload.append(',');
                    }
                    json(payload, (String) items.get(i));
                }
                payload.append(']');
            } else {
                json(payload, (String) v);
            }
        }
        payload.append('}');
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)) + ".";
        return new OAuthToken(token, now, expires, extensions);
    }

    private static String seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    private static void json(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
