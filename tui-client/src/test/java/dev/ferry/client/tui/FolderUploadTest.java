package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder put from the TUI, on Lanterna's virtual terminal at 80x24: its files go up as one gauge
 * (files verified of all, bytes, speed, time left), a cancel and Enter act on the whole folder,
 * and the walk of the folder runs off the GUI thread, so the screen answers keys meanwhile. The
 * command line's {@code put} and the Local pane's {@code u} take the same way.
 */
@Timeout(90)
class FolderUploadTest {
    static final TerminalSize SMALL = new TerminalSize(80, 24);

    @TempDir
    Path repository;

    @TempDir
    Path here;

    TestDaemon daemon;
    FakeServer server;
    TuiHarness tui;

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A folder {@code name} of {@code count} files of {@code size} bytes, some in a subfolder. */
    private Path folder(String name, int count, int size) throws Exception {
        Path folder = here.resolve(name);
        Files.createDirectories(folder.resolve("inner"));
        for (int i = 0; i < count; i++) {
            byte[] bytes = FakeServer.pattern(size);
            bytes[0] = (byte) i;
            Files.write(folder.resolve((i % 3 == 0 ? "inner/" : "") + String.format("p%02d.bin", i)), bytes);
        }
        return folder;
    }

    private void put(Path path) {
        tui.type(":");
        tui.type("put \"" + path + "\"");
        tui.press(KeyType.Enter);
    }

    @Test
    void aFolderGoesUpAsOneGaugeAndOneLine() throws Exception {
        Path album = folder("album", 12, 50_000);
        Files.writeString(repository.resolve("sample.txt"), "sample");
        daemon = TestDaemon.start(repository, b -> b.uploads(UploadsTest.OPEN));
        tui = TuiHarness.start(daemon, here, Palette.none(), SMALL);
        tui.awaitInPane("Files", "sample.txt");

        put(album);

        String transfers = tui.awaitInPane("Transfers", "↑ album/  verified (12 files)", "100%");
        assertThat(transfers.chars().filter(c -> c == '↑').count()).as("one gauge for the folder").isEqualTo(1);
        assertThat(transfers).doesNotContain("p00.bin", "inner/");
        assertThat(transfers).contains("100%  585.9 KiB");
        tui.awaitInPane("Messages", "uploaded album/ (12 files, 585.9 KiB)");
        for (int i = 0; i < 12; i++) {
            String file = (i % 3 == 0 ? "inner/" : "") + String.format("p%02d.bin", i);
            assertThat(repository.resolve("album").resolve(file)).hasSameBinaryContentAs(album.resolve(file));
        }
    }

    @Test
    void cancelStopsTheWholeFolderAndEnterSendsTheRestResumingEachFile() throws Exception {
        Path big = folder("big", 5, 40_000);
        server = FakeServer.builder().start();
        server.writable = true;
        server.uploadWindow = 16 << 10;
        server.holdUploadWindows = true;
        tui = TuiHarness.start(server.port(), here, Palette.none(), SMALL);
        tui.awaitInPane("Files", "big.bin");

        put(big);
        tui.awaitInPane("Transfers", "↑ big/  uploading 0 of 5 files");
        assertThat(server.puts.poll(10, TimeUnit.SECONDS)).as("a first PUT").isNotNull();
        tui.press(KeyType.Escape);
        for (int i = 0; i < 3; i++) {
            tui.press(KeyType.Tab);
        }
        tui.awaitText("[ Transfers ]", "c cancel");
        tui.type("c");

        tui.awaitInPane("Transfers", "↑ big/  cancelled, 0 of 5 files", "Enter resumes");
        tui.awaitInPane("Messages", "big/: cancelled; 0 of 5 files verified");
        assertThat(server.held).as("the server keeps what the files sent").isNotEmpty()
                .allSatisfy((name, bytes) -> assertThat(name).startsWith("big/"));
        assertThat(server.uploaded).isEmpty();
        long held = server.held.values().stream().mapToLong(bytes -> bytes.length).sum();
        assertThat(held).as("the first windows went before the cancel").isPositive();
        server.uploadArrivals.clear();

        server.holdUploadWindows = false;
        tui.press(KeyType.Enter);

        tui.awaitInPane("Transfers", "↑ big/  verified (5 files)", "100%");
        assertThat(server.uploaded).hasSize(5);
        long sentAgain = server.uploadArrivals.stream().mapToLong(arrival -> arrival[1]).sum();
        assertThat(sentAgain).as("each file sent only what the server did not hold").isEqualTo(5 * 40_000 - held);
        for (int i = 0; i < 5; i++) {
            String file = (i % 3 == 0 ? "inner/" : "") + String.format("p%02d.bin", i);
            assertThat(server.uploaded.get("big/" + file)).isEqualTo(Files.readAllBytes(big.resolve(file)));
        }
    }

    @Test
    void theScreenAnswersKeysWhileAFolderIsWalked() throws Exception {
        Path many = folder("many", 300, 10);
        server = FakeServer.builder().start();
        server.writable = true;
        tui = TuiHarness.start(server.port(), here, Palette.none(), SMALL);
        tui.awaitInPane("Files", "big.bin");
        CountDownLatch walking = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        tui.app.localFolder().walkWith((path, prefix, as) -> {
            walking.countDown();
            try {
                if (!letGo.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("the walk was never let go on");
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException("the walk was stopped");
            }
            return LocalTree.of(path, prefix, as);
        });

        put(many);
        assertThat(walking.await(10, TimeUnit.SECONDS)).as("the folder is walked off the GUI thread").isTrue();
        tui.type("who is here");
        tui.await("the command line to show what was typed while the walk runs",
                screen -> screen.lines().anyMatch(line -> line.contains("who is here")));
        assertThat(letGo.getCount()).as("the walk is still held").isEqualTo(1);

        letGo.countDown();
        tui.awaitInPane("Transfers", "↑ many/  verified (300 files)");
        assertThat(server.uploaded).hasSize(300);
    }
}
