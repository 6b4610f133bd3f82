package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * The SASL side of a broker for {@link FakeTransport} tests: answers ApiVersions, SaslHandshake and SaslAuthenticate
 * (encoded with the official classes) with a real Kafka {@link SaslServer} made per connection (Kafka's PLAIN or SCRAM
 * server), as a broker does; other requests go to {@code others} (null there = held, no answer).
 */
public final class FakeSaslBroker implements FakeTransport.Responder {
    private final List<String> enabled;
    private final Supplier<SaslServer> servers;
    private SaslServer server;
    /** session_lifetime_ms in successful SaslAuthenticate answers (0 = none). */
    public long sessionLifetimeMs;
    /** Rewrites the server's final message before it is sent (to fake a bad SCRAM signature). */
    public Function<byte[], byte[]> tamper = b -> b;
    /** Answers every other request; null result = no answer now. */
    public FakeTransport.Responder others = (node, body) -> null;
    /** When true, SaslAuthenticate is answered with ILLEGAL_SASL_STATE (a broker out of step with the client). */
    public boolean illegalState;
    /** Nodes whose SaslAuthenticate fails (SASL_AUTHENTICATION_FAILED) whatever the credentials. */
    public final java.util.Set<Integer> refuse = new java.util.HashSet<>();
    /** The API of every request received, in order ("ApiVersions", "SaslHandshake", ...). */
    public final List<String> received = new ArrayList<>();
    /** "node:API" of every request received, in order. */
    public final List<String> log = new ArrayList<>();

    public FakeSaslBroker(List<String> enabledMechanisms, Supplier<SaslServer> servers) {
        this.enabled = enabledMechanisms;
        this.servers = servers;
    }

    @Override
    public ByteBuffer respond(int nodeId, ByteBuffer body) {
        RequestHeader header = RequestHeader.parse(body);
        short v = header.apiVersion();
        received.add(header.apiKey().name);
        log.add(nodeId + ":" + header.apiKey().name);
        ApiMessage answer;
        switch (header.apiKey()) {
            case API_VERSIONS -> answer = apiVersions();
            case SASL_HANDSHAKE -> {
                String mechanism = new SaslHandshakeRequestData(new ByteBufferAccessor(body.slice()), v).mechanism();
                boolean ok = enabled.contains(mechanism);
                server = ok ? servers.get() : null;
                answer = new SaslHandshakeResponseData().setMechanisms(enabled)
                        .setErrorCode((ok ? Errors.NONE : Errors.UNSUPPORTED_SASL_MECHANISM).code());
            }
            case SASL_AUTHENTICATE -> answer = refuse.contains(nodeId)
                    ? new SaslAuthenticateResponseData().setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                            .setErrorMessage("refused by the test").setAuthBytes(new byte[0])
                    : authenticate(new SaslAuthenticateRequestData(new ByteBufferAccessor(body.slice()), v)
                            .authBytes());
            default -> {
                ByteBuffer other = others.respond(nodeId, body.rewind());
                return other;
            }
        }
        return serialize(answer, header.apiKey(), v, header.correlationId());
    }

    private SaslAuthenticateResponseData authenticate(byte[] bytes) {
        if (server == null || illegalState) {
            return new SaslAuthenticateResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("no handshake").setAuthBytes(new byte[0]);
        }
        try {
            byte[] challenge = server.evaluateResponse(bytes);
            SaslAuthenticateResponseData r = new SaslAuthenticateResponseData()
                    .setAuthBytes(challenge == null ? new byte[0] : challenge);
            if (server.isComplete()) {
                r.setAuthBytes(tamper.apply(r.authBytes())).setSessionLifetimeMs(sessionLifetimeMs);
            }
            return r;
        } catch (Exception e) {
            return new SaslAuthenticateResponseData().setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage("Authentication failed during authentication due to invalid credentials with "
                            + "SASL mechanism " + server.getMechanismName()).setAuthBytes(new byte[0]);
        }
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.INIT_PRODUCER_ID, ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_AUTHENTICATE}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        return d;
    }

    public static ByteBuffer serialize(ApiMessage body, ApiKeys api, short version, int correlationId) {
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                api.responseHeaderVersion(version), body, version);
    }
}
