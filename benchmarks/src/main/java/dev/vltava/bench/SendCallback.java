package dev.vltava.bench;

/**
 * One record's completion: implements both clients' callback interfaces (their RecordMetadata types differ, so the
 * two methods are overloads) and records the send-to-callback latency. One small object per record, the same for
 * both clients.
 */
final class SendCallback implements dev.vltava.producer.Callback, org.apache.kafka.clients.producer.Callback {
    private final LatencyStats stats;
    private final long sendNs;

    SendCallback(LatencyStats stats, long sendNs) {
        this.stats = stats;
        this.sendNs = sendNs;
    }

    @Override
    public void onCompletion(dev.vltava.producer.RecordMetadata metadata, Exception exception) {
        stats.complete(sendNs, exception);
    }

    @Override
    public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
        stats.complete(sendNs, exception);
    }
}
