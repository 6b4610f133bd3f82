package dev.vltava.producer.compat;

import dev.vltava.producer.OAuthBearerToken;
import dev.vltava.producer.OAuthBearerTokenProvider;
import java.io.IOException;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * A Kafka login callback handler ({@code sasl.login.callback.handler.class}, OAUTHBEARER) as Vltava's
 * {@link OAuthBearerTokenProvider}: each token is asked for with an {@link OAuthBearerTokenCallback}, its SASL
 * extensions with a {@link SaslExtensionsCallback} (a handler that does not support it sends none), as Kafka's
 * OAUTHBEARER login does. An error the handler reports in the callback fails the fetch with its code and
 * description.
 */
final class KafkaLoginCallbackHandlerAdapter extends KafkaCallbackHandlerAdapter implements OAuthBearerTokenProvider {

    KafkaLoginCallbackHandlerAdapter(Class<? extends AuthenticateCallbackHandler> handlerClass) {
        super(handlerClass);
    }

    @Override
    public OAuthBearerToken token() throws IOException, UnsupportedCallbackException {
        AuthenticateCallbackHandler h = handler();
        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        h.handle(new Callback[] {callback});
        if (callback.errorCode() != null) {
            throw new IOException(handlerName() + " reported the error " + callback.errorCode()
                    + (callback.errorDescription() == null ? "" : ": " + callback.errorDescription()));
        }
        org.apache.kafka.common.security.oauthbearer.OAuthBearerToken t = callback.token();
        if (t == null) {
            throw new IOException(handlerName() + " returned no token");
        }
        Long start = t.startTimeMs();
        long startMs = start != null ? start : Math.min(System.currentTimeMillis(), t.lifetimeMs() - 1);
        return new OAuthBearerToken(t.value(), startMs, t.lifetimeMs(), extensions(h));
    }

    private Map<String, String> extensions(AuthenticateCallbackHandler h) throws IOException {
        SaslExtensionsCallback callback = new SaslExtensionsCallback();
        try {
            h.handle(new Callback[] {callback});
        } catch (UnsupportedCallbackException e) {
            return Map.of();
        }
        SaslExtensions extensions = callback.extensions();
        return extensions == null ? Map.of() : extensions.map();
    }
}
