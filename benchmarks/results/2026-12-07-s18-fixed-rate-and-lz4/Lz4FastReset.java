import net.jpountz.lz4.*;
import java.util.Random;
public class Lz4FastReset {
  public static void main(String[] a) {
    Random r = new Random(1);
    for (int size : new int[]{100, 500, 2000, 16000, 32768, 65536}) {
      byte[] src = new byte[size]; for (int i=0;i<size;i++) src[i]=(byte)('A'+r.nextInt(26));
      for (String kind : new String[]{"jni","fastReset"}) {
        LZ4Compressor c = kind.equals("fastReset") ? LZ4Factory.nativeInstance().fastResetCompressor() : kind.equals("jni") ? LZ4Factory.nativeInstance().fastCompressor()
          : kind.equals("javaUnsafe") ? LZ4Factory.unsafeInstance().fastCompressor() : LZ4Factory.safeInstance().fastCompressor();
        byte[] dst = new byte[c.maxCompressedLength(size)];
        int n = (int)Math.max(2000, 200_000_000L/ (size+2000));
        long best=Long.MAX_VALUE; int out=0;
        for (int rep=0;rep<8;rep++){ long t=System.nanoTime(); for(int i=0;i<n;i++) out+=c.compress(src,0,size,dst,0,dst.length); best=Math.min(best,System.nanoTime()-t);}
        System.out.printf("%6d %-10s %8.0f ns/call  %.2f ns/B  ratio %.2f%n", size, kind, best/(double)n, best/(double)n/size, c.compress(src,0,size,dst,0,dst.length)/(double)size);
      }
    }
  }
}
