package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads that stop part-way, against a server that sends half a file and then waits: quitting
 * asks first (and stops saying a download runs once none does), cancelling keeps the .part, and
 * after a dropped connection reconnecting resumes the cut download from its .part by itself.
 */
@Timeout(120)
class InterruptedDownloadsTest {
    static final int SIZE = 1 << 20;

    @TempDir
    Path downloads;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.stallingAtHalf(SIZE).start();
        tui = TuiHarness.start(server.port(), downloads, Palette.colours(), new TerminalSize(120, 40));
        tui.awaitText("1.0 MiB  big.bin", "connected (you)");
    }

    @AfterEach
    void stop() throws Exception {
        tui.close();
        server.close();
    }

    Path part() {
        return downloads.resolve("big.bin.part");
    }

    void startTheDownloadAndWaitForHalf() throws InterruptedException {
        tui.press(KeyType.Enter);
        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).isZero();
        tui.awaitText("big.bin  downloading", " 50%  512.0 KiB / 1.0 MiB");
    }

    @Test
    void quittingWhileADownloadRunsAsksFirst() throws Exception {
        startTheDownloadAndWaitForHalf();

        tui.type("q");
        tui.awaitText("Quit Ferry?", "A download is still running", "[y] Quit", "[n] Stay");
        tui.type("n");
        tui.await("the question to go", screen -> !screen.contains("Quit Ferry?"));
        assertThat(tui.running()).isTrue();

        tui.press(KeyType.F10);
        tui.awaitText("Quit Ferry?");
        tui.type("y");
        TuiApp.Ending ending = tui.awaitEnd();
        assertThat(ending.failure()).isNull();
        assertThat(part()).hasSize(server.half());
    }

    @Test
    void theQuitQuestionStopsSayingADownloadRunsOnceItHasStoppedAndTheDropWaitsItsTurn() throws Exception {
        startTheDownloadAndWaitForHalf();
        tui.type("q");
        tui.awaitText("Quit Ferry?", "A download is still running");

        server.dropAll();
        String question = tui.awaitText("Quit Ferry?", "Nothing is moving any more");
        assertThat(question).doesNotContain("A download is still running", "Connection lost");
        tui.type("n");
        String lost = tui.awaitText("Connection lost", "[s] Stay offline");
        assertThat(lost).doesNotContain("Quit Ferry?");
        tui.type("s");
        tui.await("no dialog left", screen -> !screen.contains("Connection lost"));
        tui.type("q");
        assertThat(tui.awaitEnd().failure()).isNull();
    }

    @Test
    void xClearsAFailedRowButKeepsACancelledOneThatCanStillResume() throws Exception {
        startTheDownloadAndWaitForHalf();
        tui.type(":get nope");
        tui.press(KeyType.Enter);
        tui.awaitText("nope  failed: no such file: nope");
        tui.press(KeyType.Escape);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.awaitText("[ Transfers ]", "1 running, 1 failed");
        tui.press(KeyType.ArrowUp);
        tui.type("c");
        tui.awaitText("big.bin  cancelled, .part kept", "1 cancelled, 1 failed", "x clear finished");

        tui.type("x");

        String cleared = tui.await("the failed row to go", screen -> !screen.contains("nope  failed"));
        assertThat(cleared).contains("big.bin  cancelled, .part kept", "Enter resumes", "1 cancelled")
                .doesNotContain("x clear finished");
    }

    @Test
    void cancellingKeepsThePartFileAndEnterResumesFromIt() throws Exception {
        startTheDownloadAndWaitForHalf();
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        String running = tui.awaitText("[ Transfers ]", "c cancel");
        assertThat(running).as("no resume offered for a running download").doesNotContain("Enter resume");

        tui.type("c");
        String cancelled = tui.awaitText("big.bin  cancelled, .part kept", " 50%  512.0 KiB / 1.0 MiB  Enter resumes",
                "Enter resume  ", "big.bin: cancelled; .part kept (512.0 KiB of 1.0 MiB)");
        assertThat(cancelled).as("the footer follows the selected row").doesNotContain("c cancel")
                .as("a stopped download shows no speed").doesNotContainPattern("512\\.0 KiB / 1\\.0 MiB +\\S+ \\S+/s");
        assertThat(part()).hasSize(server.half());

        tui.press(KeyType.Enter);
        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).isEqualTo(server.half());
        tui.awaitText("big.bin  verified (resumed at 512.0 KiB)", "100%    1.0 MiB / 1.0 MiB");
        assertThat(Files.readAllBytes(downloads.resolve("big.bin"))).isEqualTo(server.content());
        assertThat(part()).doesNotExist();
    }

    @Test
    void aServerShuttingDownCutsTheDownloadLikeADropAndSaysEachThingOnce() throws Exception {
        startTheDownloadAndWaitForHalf();

        server.shutDown();

        String lost = tui.awaitText("Connection lost", "was lost: the server said", "goodbye: ferryd is shutting down.",
                "[r] Reconnect and resume 1 download", "big.bin  server shut down, .part kept");
        assertThat(lost).doesNotContain("failed", "lost: connection lost");
        tui.press(KeyType.Escape);
        String offline = tui.awaitText(" 50%  512.0 KiB / 1.0 MiB  resumes on reconnect",
                "offline (R reconnects): the server said goodbye: ferryd is shutting down");
        tui.await("the stop in Messages, in one piece however it wraps", screen -> TuiHarness.paneBody(screen, "Messages")
                .replaceAll("\\s+", " ").contains("! get big.bin: stopped: server shutting down; .part kept (512.0 KiB of"
                        + " 1.0 MiB), resumes once reconnected"));
        assertThat(offline).doesNotContain("get it again", "524288", "get big.bin stopped");

        tui.type("R");
        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).as("the resume, once reconnected").isEqualTo(server.half());
        tui.awaitText("big.bin  verified (resumed at 512.0 KiB)");
    }

    @Test
    void afterADroppedConnectionReconnectingResumesTheCutDownloadFromItsPart() throws Exception {
        startTheDownloadAndWaitForHalf();

        server.dropAll();
        String lost = tui.awaitText("Connection lost", "[r] Reconnect and resume 1 download", "1 download was cut off",
                "big.bin  connection lost, .part kept", " 50%  512.0 KiB / 1.0 MiB  resumes on reconnect");
        assertThat(lost).doesNotContain("Exception", "lost: connection lost");

        tui.type("r");
        String back = tui.awaitText("connected to 127.0.0.1:" + server.port() + " as Client02", "Client02 on 127.0.0.1");
        assertThat(back).doesNotContain("offline");

        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).as("the GET that resumes, without a key pressed")
                .isEqualTo(server.half());
        tui.awaitText("big.bin  verified (resumed at 512.0 KiB)", "resuming big.bin where the drop cut it");
        assertThat(Arrays.equals(Files.readAllBytes(downloads.resolve("big.bin")), server.content())).isTrue();

        tui.type("q");
        TuiApp.Ending ending = tui.awaitEnd();
        assertThat(ending.lostConnection()).isNull();
        assertThat(ending.failure()).isNull();
    }
}
