package dev.ferry.daemon.bandwidth;

import static dev.ferry.daemon.bandwidth.RateLimitsTest.RATE;
import static dev.ferry.daemon.bandwidth.RateLimitsTest.WARM_UP;
import static dev.ferry.daemon.bandwidth.RateLimitsTest.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ferryd's --max-rate and --max-total-rate hold uploads too: the daemon buys every byte of an
 * upload's window from the connection's pacer, so a client that sends as fast as it is allowed
 * sends at the limit, and uploads share the total fairly with each other and with downloads. Each
 * client counts what it sends over four seconds, a second into the transfer, as RateLimitsTest
 * counts what a download receives.
 */
@Timeout(120)
class UploadRateLimitsTest {
    /** The largest PUT_DATA frame the test client sends, as ferry's own client does at most. */
    static final int CHUNK = 64 << 10;
    /** What each upload announces: more than the window can take at the rate, so it never ends in the window. */
    static final long SIZE = 256L << 20;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    /**
     * Uploads {@code name} as fast as the windows granted allow and counts the data bytes sent
     * between {@code from} and {@code from + WINDOW}; stops at the window's end. What the client
     * holds of its window when the count starts is at most a tenth of a second at the rate.
     */
    static long bytesSentInWindow(RawClient client, int id, String name, long from) throws IOException {
        client.send(id, new Put(name, SIZE, false));
        Message answer = RawUpload.reply(client, id);
        assertThat(answer).isInstanceOf(PutReady.class);
        long window = ((PutReady) answer).window();
        ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + CHUNK);
        long counted = 0;
        for (;;) {
            long now = System.nanoTime();
            if (now >= from + WINDOW) {
                return counted;
            }
            if (window == 0) {
                Frame next = client.next();
                assertThat(next).as("the server grants more while the upload runs").isNotNull();
                if (next.id() == id && next.message() instanceof Message.PutWindow grant) {
                    window += grant.increment();
                } else {
                    assertThat(next.message()).as("no end to the upload in the window").isNotInstanceOf(Message.ErrorReply.class);
                }
                continue;
            }
            int n = (int) Math.min(CHUNK, window);
            frame.clear();
            MessageCodec.putDataHeader(MessageType.PUT_DATA, id, n, frame);
            frame.position(frame.position() + n).flip();
            client.sendRaw(frame);
            window -= n;
            if (now >= from) {
                counted += n;
            }
        }
    }

    @Test
    void anUploadIsHeldToMaxRateWithinTenPercent() throws IOException {
        ferryd.start(b -> b.uploads(RawUpload.OPEN).maxRate(RATE));
        RawClient client = ferryd.client();
        long bytes = bytesSentInWindow(client, 1, "paced.bin", System.nanoTime() + WARM_UP);
        double rate = bytes / (WINDOW / 1e9);
        Figures.record("rate limit, uploads", "--max-rate 2M, one upload: %.0f bytes/s over 4 s (%.1f %% of the limit)"
                .formatted(rate, 100 * rate / RATE));
        assertThat(rate).as("bytes a second over four seconds").isBetween(RATE * 0.9, RATE * 1.1);
    }

    @Test
    void twoUploadsAndADownloadShareMaxTotalRateInThirds() throws Exception {
        Files.write(ferryd.repository().resolve("big.bin"), new byte[32 << 20]);
        ferryd.start(b -> b.uploads(RawUpload.OPEN).maxTotalRate(RATE));
        RawClient first = ferryd.client();
        RawClient second = ferryd.client();
        RawClient reader = ferryd.client();
        long from = System.nanoTime() + WARM_UP;
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> unchecked(() -> bytesSentInWindow(first, 1, "a.bin", from)));
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> unchecked(() -> bytesSentInWindow(second, 1, "b.bin", from)));
        CompletableFuture<Long> c = CompletableFuture.supplyAsync(() -> unchecked(() -> RateLimitsTest.bytesInWindow(reader, 1, from)));
        double rateA = a.get(60, TimeUnit.SECONDS) / (WINDOW / 1e9);
        double rateB = b.get(60, TimeUnit.SECONDS) / (WINDOW / 1e9);
        double rateC = c.get(60, TimeUnit.SECONDS) / (WINDOW / 1e9);
        Figures.record("rate limit, uploads", ("--max-total-rate 2M, two uploads and a download at once: %.0f and %.0f"
                + " bytes/s up, %.0f down over 4 s (%.1f %% of the limit together)")
                .formatted(rateA, rateB, rateC, 100 * (rateA + rateB + rateC) / RATE));
        assertThat(rateA + rateB + rateC).as("all three together").isBetween(RATE * 0.9, RATE * 1.1);
        for (double share : new double[] {rateA, rateB, rateC}) {
            assertThat(share).as("each one's share").isBetween(RATE / 3 * 0.8, RATE / 3 * 1.2);
        }
    }

    private interface Count {
        long run() throws IOException;
    }

    private static long unchecked(Count count) {
        try {
            return count.run();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
