package dev.vltava.producer.internal.security.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JaasConfigTest {

    @Test
    void parsesKafkasPlainLine() {
        JaasConfig c = JaasConfig.parse("org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"alice-secret\";");
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule", c.loginModule());
        assertEquals("PlainLoginModule", c.loginModuleSimpleName());
        assertEquals("required", c.flag());
        assertEquals(Map.of("username", "alice", "password", "alice-secret"), c.options());
    }

    @Test
    void bareWordsEscapesCommentsAndNewlines() {
        JaasConfig c = JaasConfig.parse("  x.ScramLoginModule  REQUIRED\n  // a comment\n username=bob /* c */ "
                + "password=\"a \\\"quoted\\\" \\\\ pass=word;\"\n tokenauth=true ;  ");
        assertEquals("required", c.flag());
        assertEquals("bob", c.option("username"));
        assertEquals("a \"quoted\" \\ pass=word;", c.option("password"));
        assertEquals("true", c.option("tokenauth"));
        assertEquals(List.of("username", "password", "tokenauth"), List.copyOf(c.options().keySet()));
    }

    @Test
    void optionlessEntryAndEmptyQuotedValue() {
        assertEquals(Map.of(), JaasConfig.parse("M optional;").options());
        assertEquals("", JaasConfig.parse("M required password=\"\";").option("password"));
    }

    @Test
    void readsKafkasOwnLineAsKafkaReadsIt() {
        String line = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "unsecuredLoginStringClaim_sub=\"admin\" unsecuredLoginListClaim_scope=\",a,b\" "
                + "unsecuredLoginExtension_traceId=\"123\";";
        var official = org.apache.kafka.common.security.JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new org.apache.kafka.common.config.types.Password(line))).configurationEntries().get(0);
        JaasConfig ours = JaasConfig.parse(line);
        assertEquals(official.getLoginModuleName(), ours.loginModule());
        assertEquals(official.getOptions(), ours.options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "M", "M required", "M required user=\"x\"", "M mandatory user=x;",
        "M required user=\"unterminated;", "M required =x;", "M required user=x; N required;",
        "M required user=x user=y;", "M required user;", "M required /* open user=x;"})
    void malformedLinesAreRejectedWithAPosition(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JaasConfig.parse(line));
        assertTrue(e.getMessage().contains("at character"), e.getMessage());
    }

    @Test
    void errorsAndToStringNeverShowValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JaasConfig.parse("M required username=alice password=my secret;"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertFalse(e.getMessage().contains("alice"), e.getMessage());
        String s = JaasConfig.parse("M required username=alice password=\"hunter2\";").toString();
        assertFalse(s.contains("hunter2") || s.contains("alice"), s);
    }
}
