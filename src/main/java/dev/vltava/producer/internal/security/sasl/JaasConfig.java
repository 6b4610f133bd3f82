package dev.vltava.producer.internal.security.sasl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One login module entry of Kafka's {@code sasl.jaas.config}, parsed by us:
 * {@code <LoginModuleClass> <flag> key=value key2="quoted value";} where the flag is required, requisite,
 * sufficient or optional; values are bare words or double-quoted strings (backslash escapes {@code \" \\ \n \t \r},
 * any other escaped character stands for itself); {@code //} and {@code /* *}{@code /} comments are skipped. Exactly
 * one entry, ended by ';'. Error messages give the position and what was expected, never a word of the input
 * (an unquoted secret with a space in it would otherwise show up as an option name).
 */
public final class JaasConfig {

    private final String loginModule;
    private final String flag;
    private final Map<String, String> options;

    private JaasConfig(String loginModule, String flag, Map<String, String> options) {
        this.loginModule = loginModule;
        this.flag = flag;
        this.options = Collections.unmodifiableMap(options);
    }

    /** The login module's class name as written (Kafka's PlainLoginModule, ScramLoginModule, ...). */
    public String loginModule() {
        return loginModule;
    }

    /** The control flag, lower case. */
    public String flag() {
        return flag;
    }

    /** The options in the order written. */
    public Map<String, String> options() {
        return options;
    }

    /** The option's value, or null. */
    public String option(String key) {
        return options.get(key);
    }

    /** The login module's simple class name ("PlainLoginModule"). */
    public String loginModuleSimpleName() {
        int dot = loginModule.lastIndexOf('.');
        return dot < 0 ? loginModule : loginModule.substring(dot + 1);
    }

    /** Names the module and its option keys; values are hidden (they hold credentials). */
    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + flag + ", options=" + options.keySet() + "]";
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException naming the position and what was expected; never a value
     */
    public static JaasConfig parse(String text) {
        return new Parser(text).entry();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        JaasConfig entry() {
            String module = word("a login module class name");
            String flag = word("a control flag (required, requisite, sufficient, optional)").toLowerCase(
                    java.util.Locale.ROOT);
            if (!flag.equals("required") && !flag.equals("requisite") && !flag.equals("sufficient")
                    && !flag.equals("optional")) {
                throw error("a control flag (required, requisite, sufficient, optional) after the login module");
            }
            Map<String, String> options = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (pos >= s.length()) {
                    throw error("';' at the end of the login module entry");
                }
                if (s.charAt(pos) == ';') {
                    pos++;
                    break;
                }
                String key = word("an option name");
                skipBlanks();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    throw error("'=' after an option name");
                }
                pos++;
                skipBlanks();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : word("an option value");
                if (options.put(key, value) != null) {
                    throw error("each option only once (an option is repeated)");
                }
            }
            skipBlanks();
            if (pos < s.length()) {
                throw error("nothing after the ';' (sasl.jaas.config takes exactly one login module)");
            }
            return new JaasConfig(module, flag, options);
        }

        private String word(String what) {
            skipBlanks();
            int start = pos;
            while (pos < s.length() && isWordChar(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error(what);
            }
            return s.substring(start, pos);
        }

        private static boolean isWordChar(char c) {
            return !Character.isWhitespace(c) && c != '=' && c != ';' && c != '"';
        }

        private String quoted() {
            int open = pos;
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    out.append(c);
                }
            }
            pos = open;
            throw error("a closing '\"' for a quoted value");
        }

        private void skipBlanks() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (s.startsWith("//", pos)) {
                    int end = s.indexOf('\n', pos);
                    pos = end < 0 ? s.length() : end + 1;
                } else if (s.startsWith("/*", pos)) {
                    int end = s.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw error("the end of a /* comment");
                    }
                    pos = end + 2;
                } else {
                    return;
                }
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("malformed JAAS line: expected " + expected + " at character "
                    + (pos + 1) + " (format: <LoginModuleClass> required key=\"value\" ...;)");
        }
    }
}
