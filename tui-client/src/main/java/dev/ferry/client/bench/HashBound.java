package dev.ferry.client.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;

/**
 * The floor under any verified transfer: how long this JVM takes to compute the SHA-256 of a
 * given number of bytes on one core, with the data already in memory. Runs several times and
 * reports the median, so the JIT has compiled the intrinsic.
 */
public final class HashBound {
    private HashBound() {}

    public static Report measure(long bytes, int runs) throws NoSuchAlgorithmException {
        byte[] block = new byte[64 << 20];
        new Random(1).nextBytes(block);
        long[] nanos = new long[runs];
        byte[] sink = new byte[32];
        for (int run = 0; run < runs; run++) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long t0 = System.nanoTime();
            for (long done = 0; done < bytes; done += block.length) {
                sha256.update(block, 0, (int) Math.min(block.length, bytes - done));
            }
            sink = sha256.digest();
            nanos[run] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return new Report()
                .add("sha256.bytes", bytes, "bytes")
                .add("sha256.median", nanos[runs / 2] / 1e9, "s")
                .add("sha256.best", nanos[0] / 1e9, "s")
                .add("sha256.check", sink[0] & 0xFF, "");
    }
}
