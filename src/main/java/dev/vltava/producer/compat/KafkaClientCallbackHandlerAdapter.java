package dev.vltava.producer.compat;

import dev.vltava.producer.Password;
import dev.vltava.producer.SaslCredentials;
import dev.vltava.producer.SaslCredentialsProvider;
import java.io.IOException;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;

/**
 * A Kafka client callback handler ({@code sasl.client.callback.handler.class}, PLAIN and SCRAM) as Vltava's
 * {@link SaslCredentialsProvider}: at each authentication it is asked, as the PLAIN and SCRAM clients ask, with a
 * {@link NameCallback} and a {@link PasswordCallback}. For SCRAM it is also offered a {@link ScramExtensionsCallback}:
 * extensions (delegation tokens) are not supported by Vltava, so a handler that sets any fails the authentication
 * with that reason rather than being ignored.
 */
final class KafkaClientCallbackHandlerAdapter extends KafkaCallbackHandlerAdapter implements SaslCredentialsProvider {
    private volatile boolean scram;

    KafkaClientCallbackHandlerAdapter(Class<? extends AuthenticateCallbackHandler> handlerClass) {
        super(handlerClass);
    }

    void mechanism(String mechanism) {
        scram = mechanism.startsWith("SCRAM-");
    }

    @Override
    public SaslCredentials credentials() throws IOException, UnsupportedCallbackException {
        AuthenticateCallbackHandler h = handler();
        NameCallback name = new NameCallback("Username:");
        PasswordCallback password = new PasswordCallback("Password:", false);
        h.handle(new Callback[] {name, password});
        char[] chars = password.getPassword();
        password.clearPassword();
        if (name.getName() == null || chars == null) {
            throw new IOException(handlerName() + " did not answer the " + (name.getName() == null ? "NameCallback"
                    : "PasswordCallback") + " with a value");
        }
        if (scram) {
            checkNoScramExtensions(h);
        }
        SaslCredentials credentials = new SaslCredentials(name.getName(), new Password(new String(chars)));
        java.util.Arrays.fill(chars, '\0');
        return credentials;
    }

    private void checkNoScramExtensions(AuthenticateCallbackHandler h) throws IOException {
        ScramExtensionsCallback callback = new ScramExtensionsCallback();
        try {
            h.handle(new Callback[] {callback});
        } catch (UnsupportedCallbackException e) {
            return;
        }
        Map<String, String> extensions = callback.extensions();
        if (extensions != null && !extensions.isEmpty()) {
            throw new IOException(handlerName() + " sets SCRAM extensions " + extensions.keySet()
                    + " (delegation tokens), which Vltava does not support");
        }
    }
}
