package dev.vltava.bench;

import net.jpountz.lz4.*;

public class Lz4Blocks {
  public static void main(String[] a) {
    for (String kind : new String[]{"random", "json"}) {
      byte[][] pool = Payloads.create(kind, 100, 42);
      byte[] batch = new byte[65536];
      int pos = 0, i = 0;
      while (pos + 110 < batch.length) {
        byte[] v = pool[i++ % pool.length];
        batch[pos++] = (byte) 0xd4; batch[pos++] = 1; batch[pos++] = 0; batch[pos++] = (byte) (i % 100); batch[pos++] = (byte) (i & 0x7f);
        batch[pos++] = 1; batch[pos++] = (byte) 0xc8; batch[pos++] = 1;
        System.arraycopy(v, 0, batch, pos, 100); pos += 100; batch[pos++] = 0;
      }
      int len = pos;
      LZ4Compressor c = LZ4Factory.nativeInstance().fastCompressor();
      byte[] dst = new byte[c.maxCompressedLength(65536) * 2];
      for (int block : new int[]{4096, 8192, 16384, 32768, 65536}) {
        long best = Long.MAX_VALUE; long out = 0;
        int n = 3000;
        for (int rep = 0; rep < 10; rep++) {
          long t = System.nanoTime();
          for (int k = 0; k < n; k++) {
            out = 0;
            for (int off = 0; off < len; off += block) {
              int l = Math.min(block, len - off);
              out += c.compress(batch, off, l, dst, 0, dst.length) + 4;
            }
          }
          best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("%-6s block %6d  %6.1f us/batch  %.3f ns/B  ratio %.3f%n", kind, block, best / 1e3 / n, best / (double) n / len, out / (double) len);
      }
    }
  }
}
