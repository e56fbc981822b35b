package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.testing.FigureFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The download's digest covers every buffer handed over, whatever the timing between the thread
 * that hands buffers over and finishes, and the hashing thread: a correct download is never
 * reported as corrupt.
 */
@Timeout(120)
class HashPipelineTest {
    private final ExecutorService hashers = Executors.newFixedThreadPool(2);
    private final ExecutorService disk = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutors() throws InterruptedException {
        hashers.shutdownNow();
        disk.shutdownNow();
        assertThat(hashers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(disk.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLastBufferAndFinishArrivingJustAfterTheQueueEmptiedAreBothHashed() throws Exception {
        ByteBuffer first = bytes("first buffer ");
        ByteBuffer last = bytes("last buffer");
        HashPipeline[] pipeline = new HashPipeline[1];
        // The hashing thread finds the queue empty; in that instant the last buffer and finish()
        // arrive. This is the exact interleaving that once completed the digest without it.
        ConcurrentLinkedQueue<HashPipeline.Piece> staged = new ConcurrentLinkedQueue<>() {
            private boolean raced;

            @Override
            public HashPipeline.Piece poll() {
                HashPipeline.Piece piece = super.poll();
                if (piece == null && !raced) {
                    raced = true;
                    pipeline[0].fromMemory(last);
                    pipeline[0].finish();
                }
                return piece;
            }
        };
        List<ByteBuffer> released = new ArrayList<>();
        pipeline[0] = new HashPipeline(Runnable::run, released::add, staged);

        pipeline[0].fromMemory(first);
        byte[] digest = pipeline[0].finish().get(10, TimeUnit.SECONDS);

        assertThat(digest).isEqualTo(DigestUtils.sha256("first buffer last buffer"));
        assertThat(released).containsExactly(first, last);
    }

    @Test
    void thousandsOfDownloadsRacingTheirLastBuffersWithTheHasherHashEveryBuffer() throws Exception {
        Random random = new Random(20261207);
        int wrong = 0;
        int rounds = 5_000;
        for (int round = 0; round < rounds; round++) {
            int buffers = 1 + random.nextInt(6);
            byte[][] contents = new byte[buffers][];
            for (int i = 0; i < buffers; i++) {
                contents[i] = new byte[1 + random.nextInt(64)];
                random.nextBytes(contents[i]);
            }
            int early = random.nextInt(buffers); // handed over before the race; the rest race
            LinkedBlockingQueue<ByteBuffer> released = new LinkedBlockingQueue<>();
            CompletableFuture<byte[]> digest = new CompletableFuture<>();
            HashPipeline[] pipeline = new HashPipeline[1];
            Runnable rest = () -> {
                for (int i = early; i < buffers; i++) {
                    pipeline[0].fromMemory(ByteBuffer.wrap(contents[i]));
                }
                pipeline[0].finish().whenComplete((d, e) -> {
                    if (e != null) {
                        digest.completeExceptionally(e);
                    } else {
                        digest.complete(d);
                    }
                });
            };
            // as a download does: buffers handed over by the disk thread, finish() after the last;
            // the rest and finish() come from the disk thread while the hasher has just found the
            // queue empty, and it waits until they are in
            ConcurrentLinkedQueue<HashPipeline.Piece> staged = new ConcurrentLinkedQueue<>() {
                private final AtomicBoolean raced = new AtomicBoolean(early == 0);

                @Override
                public HashPipeline.Piece poll() {
                    HashPipeline.Piece piece = super.poll();
                    if (piece == null && raced.compareAndSet(false, true)) {
                        join(disk.submit(rest));
                    }
                    return piece;
                }
            };
            pipeline[0] = new HashPipeline(hashers, released::add, staged);
            disk.execute(() -> { // one task, so the rest cannot be queued on the disk thread before these
                for (int i = 0; i < early; i++) {
                    pipeline[0].fromMemory(ByteBuffer.wrap(contents[i]));
                }
                if (early == 0) {
                    rest.run();
                }
            });
            byte[] got = digest.get(10, TimeUnit.SECONDS);
            if (!Arrays.equals(got, DigestUtils.sha256(concat(contents)))) {
                wrong++;
            }
            for (int i = 0; i < buffers; i++) {
                assertThat(released.poll(10, TimeUnit.SECONDS)).as("buffer %d of round %d given back", i, round)
                        .isNotNull();
            }
        }
        FigureFile.record("hash pipeline", rounds + " downloads of 1 to 6 buffers, the last ones and finish() handed over"
                + " by the disk thread just as the hashing thread found the queue empty: " + wrong
                + " digests missed a buffer");
        assertThat(wrong).as("downloads whose digest missed a buffer, of %d", rounds).isZero();
    }

    private static void join(Future<?> task) {
        try {
            task.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[][] parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
