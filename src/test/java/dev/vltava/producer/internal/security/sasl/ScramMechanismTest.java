package dev.vltava.producer.internal.security.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.Test;

/** SCRAM against the RFC test vectors, and against Kafka's own SCRAM server (the broker's code) for SHA-512. */
class ScramMechanismTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** RFC 7677, section 3: SCRAM-SHA-256, user "user", password "pencil". */
    @Test
    void rfc7677Sha256Vector() throws Exception {
        SaslExchange x = new ScramMechanism(ScramMechanism.Hash.SHA_256, "user", "pencil",
                () -> "rOprNGfwEbeRWgbNEkqO").newExchange("h");
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", text(x.initialResponse()));
        byte[] clientFinal = x.evaluate(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", text(clientFinal));
        assertFalse(x.isComplete());
        assertNull(x.evaluate(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(x.isComplete());
    }

    /** RFC 5802, section 5: SCRAM-SHA-1 (not a Kafka mechanism; the vector pins Hi, HMAC and the proof). */
    @Test
    void rfc5802Sha1Vector() throws Exception {
        SaslExchange x = new ScramMechanism(ScramMechanism.Hash.SHA_1, "user", "pencil",
                () -> "fyko+d2lbbFgONRv9qkxdawL").newExchange("h");
        assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", text(x.initialResponse()));
        byte[] clientFinal = x.evaluate(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                text(clientFinal));
        assertNull(x.evaluate(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
        assertTrue(x.isComplete());
    }

    @Test
    void aServerSignatureThatDoesNotVerifyFailsTheExchange() throws Exception {
        SaslExchange x = new ScramMechanism(ScramMechanism.Hash.SHA_256, "user", "pencil",
                () -> "rOprNGfwEbeRWgbNEkqO").newExchange("h");
        x.initialResponse();
        x.evaluate(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        SaslMechanismException e = assertThrows(SaslMechanismException.class,
                () -> x.evaluate(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
        assertFalse(e.getMessage().contains("pencil"));
        assertFalse(x.isComplete());
    }

    @Test
    void serverErrorsNonceMismatchAndWeakIterationCountsAreRefused() throws Exception {
        ScramMechanism m = new ScramMechanism(ScramMechanism.Hash.SHA_256, "user", "pencil", () -> "abc");
        SaslExchange a = m.newExchange("h");
        a.initialResponse();
        assertTrue(assertThrows(SaslMechanismException.class, () -> a.evaluate(utf8("r=xyz123,s=QSXCR+Q6sek8bQ==,"
                + "i=4096"))).getMessage().contains("nonce"));
        SaslExchange b = m.newExchange("h");
        b.initialResponse();
        assertTrue(assertThrows(SaslMechanismException.class, () -> b.evaluate(utf8("r=abcdef,s=QSXCR+Q6sek8bQ==,"
                + "i=1024"))).getMessage().contains("1024"));
        SaslExchange c = m.newExchange("h");
        c.initialResponse();
        c.evaluate(utf8("r=abcdef,s=QSXCR+Q6sek8bQ==,i=4096"));
        assertTrue(assertThrows(SaslMechanismException.class, () -> c.evaluate(utf8("e=invalid-proof")))
                .getMessage().contains("invalid-proof"));
    }

    @Test
    void userNamesAreEscapedAsSaslNames() throws Exception {
        assertEquals("a=3Db=2Cc", ScramMechanism.saslName("a=b,c"));
        SaslExchange x = new ScramMechanism(ScramMechanism.Hash.SHA_512, "a=b,c", "p", () -> "n").newExchange("h");
        assertEquals("n,,n=a=3Db=2Cc,r=n", text(x.initialResponse()));
    }

    /** Both Kafka SCRAM mechanisms against the broker's own ScramSaslServer (which checks our proof). */
    @Test
    void kafkasScramServerAcceptsUsForBothHashes() throws Exception {
        for (String name : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-512"}) {
            org.apache.kafka.common.security.scram.internals.ScramMechanism kafka =
                    org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(name);
            var credential = new ScramFormatter(kafka).generateCredential("s3cret-\u00e9", 4096);
            ScramSaslServer server = new ScramSaslServer(kafka, Map.of(), callbacks -> {
                for (Callback cb : callbacks) {
                    if (cb instanceof ScramCredentialCallback s) {
                        s.scramCredential(credential);
                    }
                }
            });
            SaslExchange x = new ScramMechanism(ScramMechanism.Hash.forMechanism(name), "alice", "s3cret-\u00e9")
                    .newExchange("h");
            byte[] serverFirst = server.evaluateResponse(x.initialResponse());
            byte[] serverFinal = server.evaluateResponse(x.evaluate(serverFirst));
            assertTrue(server.isComplete(), name);
            assertEquals("alice", server.getAuthorizationID());
            assertNull(x.evaluate(serverFinal));
            assertTrue(x.isComplete(), name);
        }
    }

    @Test
    void kafkasScramServerRefusesAWrongPassword() throws Exception {
        var kafka = org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512;
        var credential = new ScramFormatter(kafka).generateCredential("right", 4096);
        ScramSaslServer server = new ScramSaslServer(kafka, Map.of(), callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof ScramCredentialCallback s) {
                    s.scramCredential(credential);
                }
            }
        });
        SaslExchange x = new ScramMechanism(ScramMechanism.Hash.SHA_512, "alice", "wrong").newExchange("h");
        byte[] serverFirst = server.evaluateResponse(x.initialResponse());
        byte[] clientFinal = x.evaluate(serverFirst);
        assertThrows(Exception.class, () -> server.evaluateResponse(clientFinal));
    }
}
