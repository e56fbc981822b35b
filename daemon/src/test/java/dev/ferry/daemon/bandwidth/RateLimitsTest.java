package dev.ferry.daemon.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ferryd holds its clients' file data to --max-rate and --max-total-rate: the bytes a client
 * receives over a window of four seconds, a second into a download (past the first burst), come
 * within 10 % of the rate, and two clients under a total limit get half each.
 */
@Timeout(120)
class RateLimitsTest {
    static final long RATE = 2L << 20;
    static final long WARM_UP = TimeUnit.SECONDS.toNanos(1);
    static final long WINDOW = TimeUnit.SECONDS.toNanos(4);
    static final int IN_FLIGHT = 128 << 10;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    TestDaemon start(long perClient, long total) throws IOException {
        Files.write(ferryd.repository().resolve("big.bin"), new byte[32 << 20]);
        return ferryd.start(settings -> settings.maxRate(perClient).maxTotalRate(total));
    }

    RawClient admitted() throws IOException {
        return ferryd.client();
    }

    /**
     * Downloads big.bin and counts the data bytes that arrive between {@code from} and
     * {@code from + WINDOW} (System.nanoTime); stops reading at the window's end. The download's
     * flow-control window is small and widened as data arrives, as ferry does, so no more than
     * {@link #IN_FLIGHT} can be sent and not yet counted: what sits in socket buffers while a busy
     * machine keeps this thread waiting cannot blur the window by more than that.
     */
    static long bytesInWindow(RawClient client, int id, long from) throws IOException {
        client.send(id, new Message.Get("big.bin", 0, IN_FLIGHT));
        long counted = 0;
        for (;;) {
            Frame frame = client.next();
            assertThat(frame).as("the download goes on until the window ends").isNotNull();
            long now = System.nanoTime();
            if (now >= from + WINDOW) {
                return counted;
            }
            if (frame.message() instanceof Message.Data data) {
                client.send(id, new Message.Window(data.length()));
                if (now >= from) {
                    counted += data.length();
                }
            }
            assertThat(frame.message()).as("no end before the window's end").isNotInstanceOf(Message.FileEnd.class);
        }
    }

    @Test
    void oneClientIsHeldToMaxRateWithinTenPercent() throws IOException {
        start(RATE, 0);
        RawClient client = admitted();
        long bytes = bytesInWindow(client, 1, System.nanoTime() + WARM_UP);
        double rate = bytes / (WINDOW / 1e9);
        Figures.record("rate limit", "--max-rate 2M: %.0f bytes/s over 4 s (%.1f %% of the limit)".formatted(rate, 100 * rate / RATE));
        assertThat(rate).as("bytes a second over four seconds").isBetween(RATE * 0.9, RATE * 1.1);
    }

    @Test
    void twoClientsUnderMaxTotalRateGetAboutHalfEach() throws Exception {
        start(0, RATE);
        RawClient first = admitted();
        RawClient second = admitted();
        long from = System.nanoTime() + WARM_UP;
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> uncheckedWindow(first, from));
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> uncheckedWindow(second, from));
        double rateA = a.get(60, TimeUnit.SECONDS) / (WINDOW / 1e9);
        double rateB = b.get(60, TimeUnit.SECONDS) / (WINDOW / 1e9);
        Figures.record("rate limit", "--max-total-rate 2M, two clients: %.0f and %.0f bytes/s over 4 s (%.1f %% of the limit together)"
                .formatted(rateA, rateB, 100 * (rateA + rateB) / RATE));
        assertThat(rateA + rateB).as("both together").isBetween(RATE * 0.9, RATE * 1.1);
        assertThat(rateA).as("the first's share").isBetween(RATE * 0.4, RATE * 0.6);
        assertThat(rateB).as("the second's share").isBetween(RATE * 0.4, RATE * 0.6);
    }

    @Test
    void aPingIsAnsweredAtOnceWhileADownloadIsHeldBack() throws IOException {
        start(64 << 10, 0);
        RawClient client = admitted();
        client.send(1, new Message.Get("big.bin", 0));
        client.send(2, new Message.Ping(7));
        long[] skipped = {0};
        Frame header = client.nextControl(skipped);
        assertThat(header.message()).isInstanceOf(Message.FileHeader.class);
        Frame pong = client.nextControl(skipped);
        assertThat(pong.message()).isEqualTo(new Message.Pong(7));
        // the reply did not wait for the data held back: far less than the file came before it
        assertThat(skipped[0]).isLessThan(1 << 20);
    }

    private static long uncheckedWindow(RawClient client, long from) {
        try {
            return bytesInWindow(client, 1, from);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
