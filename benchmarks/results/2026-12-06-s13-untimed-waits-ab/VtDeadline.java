import dev.vltava.producer.*;
import java.util.*;
import java.util.concurrent.*;

public class VtDeadline {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        try (Producer<byte[], byte[]> p = Producer.<byte[], byte[]>builder().bootstrapServers(List.of("127.0.0.1:" + port))
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray())
                .bufferMemoryBytes(64 * 1024).batchSizeBytes(16 * 1024).lingerMs(60_000).maxBlockMs(300)
                .deliveryTimeoutMs(120_000).build()) {

            // fill memory from virtual threads, then each further send waits; they must fail after ~300 ms
            List<CompletableFuture<RecordMetadata>> fs = new CopyOnWriteArrayList<>();
            List<Throwable> thrown = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    for (int j = 0; j < 20; j++) {
                        try { fs.add(p.send(new ProducerRecord<>("t", 0, null, new byte[900]))); }
                        catch (Throwable e) { thrown.add(e); }
                    }
                }));
            }
            for (Thread t : ts) t.join();
            long ms = (System.nanoTime() - start) / 1_000_000;
            long failed = fs.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            Set<String> kinds = new TreeSet<>();
            for (CompletableFuture<RecordMetadata> f : fs) if (f.isCompletedExceptionally()) { try { f.join(); } catch (CompletionException e) { kinds.add(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()); } }
            System.out.println("all threads done in " + ms + " ms; sends " + fs.size() + ", failed " + failed + ", thrown " + thrown.size());
            kinds.stream().limit(3).forEach(System.out::println);
            p.close(java.time.Duration.ZERO);
        }
    }
}
