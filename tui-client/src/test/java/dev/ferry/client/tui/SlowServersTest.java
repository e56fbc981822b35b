package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that are slow, or stop: progress that trickles in is redrawn a few times a second, not
 * per chunk; a server that stops answering while a download runs is noticed, pinged and dropped,
 * with the usual offer to reconnect; one that answers its pings is left alone.
 */
@Timeout(120)
class SlowServersTest {
    static final int SIZE = 1 << 20;
    /** Short enough for a test: pinged after 1 s without progress, given 1 s to answer. */
    static final TuiApp.Timing QUICK = new TuiApp.Timing(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path downloads;

    FakeServer server;
    TuiHarness tui;

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        if (server != null) {
            server.close();
        }
    }

    void open(FakeServer stalling, TuiApp.Timing timing) throws Exception {
        server = stalling;
        tui = TuiHarness.start(server.port(), downloads, Palette.colours(), new TerminalSize(120, 40), timing);
        tui.awaitText("1.0 MiB  big.bin", "connected (you)");
    }

    @Test
    void progressThatTricklesInIsRedrawnAFewTimesASecondNotPerChunk() throws Exception {
        open(FakeServer.stallingAtHalf(SIZE).trickle(Duration.ofMillis(4)).start(), TuiApp.Timing.DEFAULT);
        tui.press(KeyType.Enter);
        assertThat(server.trickled.tryAcquire(25, 10, TimeUnit.SECONDS)).as("the data started").isTrue();
        tui.awaitText("big.bin  downloading");

        long flushesBefore = tui.flushes();
        long start = System.nanoTime();
        assertThat(server.trickled.tryAcquire(300, 20, TimeUnit.SECONDS)).as("300 more chunks").isTrue();
        long flushes = tui.flushes() - flushesBefore;
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(flushes / seconds).as("%d frames in %.2f s while 300 chunks came", flushes, seconds)
                .isLessThanOrEqualTo(15);
        assertThat(tui.screen()).contains("big.bin  downloading").doesNotContain("internal error");
    }

    @Test
    void aServerThatStopsAnsweringDuringADownloadIsDroppedWithTheOfferToReconnect() throws Exception {
        open(FakeServer.stallingAtHalf(SIZE).start(), QUICK);
        tui.press(KeyType.Enter);
        tui.awaitText("big.bin  downloading", " 50%  512.0 KiB / 1.0 MiB");

        server.goSilent();

        String lost = tui.awaitText("Connection lost", "[r] Reconnect and resume 1 download", "the server stopped answering",
                "1 download was cut off");
        assertThat(lost).containsPattern("! connection lost: the server stopped answering \\(no reply to a ping[\\s│║]+within 1 s\\)")
                .doesNotContain("! list:");
        tui.awaitText("big.bin  connection lost, .part kept", "512.0 KiB / 1.0 MiB  resumes on reconnect");
        assertThat(downloads.resolve("big.bin.part")).hasSize(server.half());

        tui.press(KeyType.Escape);
        tui.awaitText("offline (R reconnects): the server stopped answering");
        tui.type("q");
        assertThat(tui.awaitEnd().lostConnection()).startsWith("the server stopped answering");
    }

    @Test
    void aServerThatAnswersItsPingsKeepsAStalledDownloadGoing() throws Exception {
        open(FakeServer.stallingAtHalf(SIZE).start(), QUICK);
        tui.press(KeyType.Enter);
        tui.awaitText("big.bin  downloading", " 50%  512.0 KiB / 1.0 MiB");

        assertThat(server.pings.poll(10, TimeUnit.SECONDS)).as("a ping while nothing moves").isNotNull();
        assertThat(server.pings.poll(10, TimeUnit.SECONDS)).as("another, after the first was answered").isNotNull();

        assertThat(tui.screen()).contains("big.bin  downloading", "Client01 on 127.0.0.1")
                .doesNotContain("Connection lost", "offline");
        assertThat(tui.running()).isTrue();
    }
}
