package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PasswordTest {

    @Test
    void toStringHidesTheValueButValueAndEqualsUseIt() {
        Password p = new Password("s3cret-value");
        assertEquals("[hidden]", p.toString());
        assertFalse(String.valueOf(java.util.List.of(p)).contains("s3cret"), "hidden inside collections too");
        assertEquals("s3cret-value", p.value());
        assertEquals(new Password("s3cret-value"), p);
        assertNotEquals(new Password("other"), p);
    }
}
