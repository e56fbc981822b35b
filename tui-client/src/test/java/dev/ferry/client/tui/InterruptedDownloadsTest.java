package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
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
 * asks first, cancelling keeps the .part, and after a dropped connection the UI reconnects and the
 * cut download resumes from its .part.
 */
@Timeout(120)
class InterruptedDownloadsTest {
    static final int SIZE = 1 << 20;

    @TempDir
    Path downloads;

    StallingServer server;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        server = new StallingServer(SIZE);
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
    void cancellingKeepsThePartFileAndEnterResumesFromIt() throws Exception {
        startTheDownloadAndWaitForHalf();
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.awaitText("[ Downloads ]", "c cancel");

        tui.type("c");
        tui.awaitText("big.bin  cancelled, .part kept: Enter resumes");
        assertThat(part()).hasSize(server.half());

        tui.press(KeyType.Enter);
        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).isEqualTo(server.half());
        tui.awaitText("big.bin  verified (resumed at 512.0 KiB)", "100%  1.0 MiB / 1.0 MiB");
        assertThat(Files.readAllBytes(downloads.resolve("big.bin"))).isEqualTo(server.content());
        assertThat(part()).doesNotExist();
    }

    @Test
    void afterADroppedConnectionItReconnectsAndTheCutDownloadResumesFromItsPart() throws Exception {
        startTheDownloadAndWaitForHalf();

        server.dropAll();
        String lost = tui.awaitText("Connection lost", "[r] Reconnect", "Downloads that were cut keep their .part");
        assertThat(lost).doesNotContain("Exception");
        tui.await("the cut download", screen -> screen.contains("connection lost, .part kept: Enter resumes once reconnected"));

        tui.type("r");
        String back = tui.awaitText("connected to 127.0.0.1:" + server.port() + " as Client02", "Client02 on 127.0.0.1");
        assertThat(back).doesNotContain("offline:");

        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.awaitText("[ Downloads ]");
        tui.press(KeyType.Enter);
        assertThat(server.gets.poll(10, TimeUnit.SECONDS)).isEqualTo(server.half());
        tui.awaitText("big.bin  verified (resumed at 512.0 KiB)");
        assertThat(Arrays.equals(Files.readAllBytes(downloads.resolve("big.bin")), server.content())).isTrue();

        tui.type("q");
        TuiApp.Ending ending = tui.awaitEnd();
        assertThat(ending.lostConnection()).isNull();
        assertThat(ending.failure()).isNull();
    }
}
