package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The software version a connection reports in ApiVersions is the one the build has (pom.xml), not a constant. */
class ClientSoftwareVersionTest {

    @Test
    void theVersionIsTheProjectVersionOfTheBuild() throws Exception {
        assertEquals(projectVersion(), ClientSoftware.VERSION);
    }

    @Test
    void theApiVersionsRequestCarriesTheNameAndTheBuildsVersion() {
        long nowNs = TimeUnit.SECONDS.toNanos(1);
        FakeTransport transport = new FakeTransport().autoConnect(true);
        BrokerClient client = new BrokerClient(transport, "test", 5, 30_000, 10_000, 0, 0, Long.MAX_VALUE,
                () -> nowNs);
        client.connect(new BrokerAddress(0, "node0.invalid", 9092, null), nowNs);
        client.poll(0); // the connection completes; the client sends ApiVersions first

        ByteBuffer body = transport.sentFrames(0).get(0).body();
        RequestHeader header = RequestHeader.parse(body);
        assertEquals(ApiKeys.API_VERSIONS, header.apiKey());
        ApiVersionsRequestData request = new ApiVersionsRequestData(new ByteBufferAccessor(body.slice()),
                header.apiVersion());
        assertEquals(ClientSoftware.NAME, request.clientSoftwareName());
        assertEquals(projectVersion(), request.clientSoftwareVersion());
    }

    /** The {@code <version>} of the project in pom.xml (tests run in the project's directory). */
    private static String projectVersion() {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
            return XPathFactory.newInstance().newXPath().evaluate("/project/version", pom).trim();
        } catch (Exception e) {
            throw new AssertionError("cannot read the version from pom.xml", e);
        }
    }
}
