package dev.vltava.producer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceTest {

    @Test
    void readsProviderPathAndKey() {
        Reference r = Reference.findAll("${file:/etc/secrets.properties:password}").get(0);
        assertEquals("file", r.provider());
        assertEquals("/etc/secrets.properties", r.path());
        assertEquals("password", r.key());
        assertEquals(0, r.start());
        assertEquals(40, r.end());
        assertEquals("${file:/etc/secrets.properties:password}", r.text());
    }

    @Test
    void thePathIsOptional() {
        Reference r = Reference.findAll("${env:KAFKA_PASSWORD}").get(0);
        assertEquals("env", r.provider());
        assertEquals("", r.path());
        assertEquals("KAFKA_PASSWORD", r.key());
        assertEquals("${env:KAFKA_PASSWORD}", r.text());
    }

    @Test
    void thePathEndsAtTheSecondColonAndTheKeyTakesTheRest() {
        // As Kafka reads "${p:a:b:c}": provider p, path a, key "b:c".
        Reference r = Reference.findAll("${p:a:b:c}").get(0);
        assertEquals("a", r.path());
        assertEquals("b:c", r.key());
    }

    @Test
    void findsEveryReferenceInAValueWithTextAround() {
        List<Reference> refs = Reference.findAll("user=${env:USER};pw=${file:/x:pw} end");
        assertEquals(2, refs.size());
        assertEquals("USER", refs.get(0).key());
        assertEquals("pw", refs.get(1).key());
        assertEquals("user=".length(), refs.get(0).start());
    }

    @Test
    void textWithoutProviderOrColonOrClosingBraceIsNoReference() {
        assertEquals(List.of(), Reference.findAll("plain"));
        assertEquals(List.of(), Reference.findAll("${novalue}"));
        assertEquals(List.of(), Reference.findAll("${:key}"));
        assertEquals(List.of(), Reference.findAll("${file:/x:unclosed"));
        assertEquals(List.of(), Reference.findAll("$ {file:/x:y}"));
    }

    @Test
    void providerOnlyHidesPathAndKey() {
        assertEquals("${vault:...}", Reference.findAll("${vault:secret/kafka:pw}").get(0).providerOnly());
    }
}
