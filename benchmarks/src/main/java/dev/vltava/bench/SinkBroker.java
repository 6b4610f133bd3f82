package dev.vltava.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A loopback "broker" that acknowledges every produce request at once and stores nothing, so a benchmark against
 * it measures the client alone. It speaks just enough of the protocol for a producer: ApiVersions, Metadata (every
 * topic exists, with the configured partition count, led by this node), InitProducerId and Produce. Offsets are
 * counted per partition from the batches' record counts, so callbacks see plausible offsets.
 *
 * <p>A benchmark tool, not production code: it parses and builds messages with the official client's generated
 * message classes. One thread per connection, blocking I/O, requests answered in order.
 *
 * <p>Run alone: {@code java -cp ... dev.vltava.bench.SinkBroker [--port N] [--partitions N]}; it prints
 * {@code SINK_LISTENING <port>} once it accepts connections.
 */
public final class SinkBroker implements AutoCloseable {
    static final String READY_LINE = "SINK_LISTENING ";
    static final int NODE_ID = 0;

    private final ServerSocketChannel server;
    private final int partitions;
    final Map<String, org.apache.kafka.common.Uuid> topicIds = new ConcurrentHashMap<>();
    final Map<org.apache.kafka.common.Uuid, String> topicNames = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> nextOffsets = new ConcurrentHashMap<>();
    final AtomicLong producerIds = new AtomicLong(1000);
    final AtomicLong producedRecords = new AtomicLong();
    final AtomicLong produceRequests = new AtomicLong();
    private volatile boolean closed;

    private SinkBroker(ServerSocketChannel server, int partitions) {
        this.server = server;
        this.partitions = partitions;
    }

    /** Binds 127.0.0.1:{@code port} (0 for any free port) and starts accepting connections. */
    public static SinkBroker start(int port, int partitions) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        SinkBroker sink = new SinkBroker(server, partitions);
        Thread acceptor = new Thread(sink::acceptLoop, "sink-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    public int partitions() {
        return partitions;
    }

    public long producedRecords() {
        return producedRecords.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread t = new Thread(() -> serve(channel), "sink-connection-" + channel.getRemoteAddress());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("sink: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        SinkResponder responder = new SinkResponder(this);
        ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        try (channel) {
            while (!closed) {
                sizeBuffer.clear();
                readFully(channel, sizeBuffer);
                int size = sizeBuffer.getInt(0);
                if (body.capacity() < size) {
                    body = ByteBuffer.allocate(Math.max(size, body.capacity() * 2));
                }
                body.clear().limit(size);
                readFully(channel, body);
                body.flip();
                ByteBuffer response = handle(responder, body);
                while (response != null && response.hasRemaining()) {
                    channel.write(response);
                }
            }
        } catch (EOFException e) {
            // client closed the connection
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("sink: connection closed after error: " + e);
            }
        }
    }

    private ByteBuffer handle(SinkResponder responder, ByteBuffer request) {
        RequestHeader header = RequestHeader.parse(request);
        short version = header.apiVersion();
        ApiKeys api = header.apiKey();
        ByteBufferAccessor in = new ByteBufferAccessor(request);
        ApiMessage response;
        switch (api) {
            case API_VERSIONS -> response = apiVersions();
            case METADATA -> response = responder.metadata(new MetadataRequestData(in, version), port());
            case INIT_PRODUCER_ID -> response = new InitProducerIdResponseData()
                    .setProducerId(producerIds.incrementAndGet()).setProducerEpoch((short) 0);
            case PRODUCE -> {
                ProduceRequestData produce = new ProduceRequestData(in, version);
                produceRequests.incrementAndGet();
                response = responder.produce(produce);
                if (produce.acks() == 0) {
                    return null; // acks=0: the broker never answers
                }
            }
            default -> throw new IllegalStateException("the sink does not implement " + api);
        }
        return serialize(header.correlationId(), api.responseHeaderVersion(version), response, version);
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.METADATA, ApiKeys.INIT_PRODUCER_ID,
                ApiKeys.API_VERSIONS}) {
            keys.add(ApiVersionsResponse.toApiVersion(k));
        }
        return new ApiVersionsResponseData().setErrorCode((short) 0).setApiKeys(keys);
    }

    private static ByteBuffer serialize(int correlationId, short headerVersion, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int headerSize = header.size(cache, headerVersion);
        int bodySize = body.size(cache, version);
        ByteBuffer out = ByteBuffer.allocate(4 + headerSize + bodySize);
        out.putInt(headerSize + bodySize);
        ByteBufferAccessor accessor = new ByteBufferAccessor(out);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return out.flip();
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int partitions = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: SinkBroker [--port N] [--partitions N])");
            }
        }
        SinkBroker sink = start(port, partitions);
        System.out.println(READY_LINE + sink.port());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
