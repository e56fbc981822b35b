package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads from the Local pane, on Lanterna's virtual terminal against a real daemon: a file and a
 * folder (one gauge for all its files) go up in Transfers and land verified in the repository, a name already there
 * is replaced only when the user says so, and a read-only server's refusal is one line that Enter
 * does not offer to repeat. Every wait is on a pane's own region.
 */
@Timeout(90)
class UploadsTest {
    static final DaemonConfig.Uploads OPEN = new DaemonConfig.Uploads(true, Long.MAX_VALUE, 0, Duration.ofHours(24));

    @TempDir
    Path repository;

    @TempDir
    Path here;

    TestDaemon daemon;
    TuiHarness tui;

    @BeforeEach
    void folders() throws Exception {
        Files.createDirectories(here.resolve("docs"));
        Files.writeString(here.resolve("docs/notes.txt"), "notes\n");
        byte[] photo = new byte[300_000];
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (byte) (i * 7 + i / 251);
        }
        Files.write(here.resolve("photo.jpg"), photo);
        Files.writeString(repository.resolve("sample.txt"), "sample");
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        daemon.close();
    }

    private void open(DaemonConfig.Uploads uploads) throws Exception {
        daemon = TestDaemon.start(repository, b -> b.uploads(uploads));
        tui = TuiHarness.start(daemon, here, Palette.none(), new TerminalSize(120, 40));
        tui.awaitInPane("Files", "sample.txt");
        tui.press(KeyType.Tab);
        tui.awaitInPane("Local", "photo.jpg");
    }

    /** Moves the Local pane's selection from the top ({@code ../}, {@code docs/}, {@code photo.jpg}) onto {@code text}. */
    private void select(String text) {
        tui.press(KeyType.Home);
        for (int i = 0; i < (text.equals("docs/") ? 1 : 2); i++) {
            tui.press(KeyType.ArrowDown);
        }
        tui.await("the Local pane's selection on " + text, screen -> selected(screen).contains(text));
    }

    private static String selected(String screen) {
        return TuiHarness.paneBody(screen, "Local").lines().filter(line -> line.startsWith(">")).findFirst().orElse("");
    }

    @Test
    void uOnAFileUploadsItWithAGaugeAndTheServerListsIt() throws Exception {
        open(OPEN);
        select("photo.jpg");
        tui.type("u");
        String transfers = tui.awaitInPane("Transfers", "↑ photo.jpg  verified", "100%");
        assertThat(transfers).contains("293.0 KiB / 293.0 KiB");
        tui.awaitInPane("Files", "photo.jpg");
        assertThat(repository.resolve("photo.jpg")).hasSameBinaryContentAs(here.resolve("photo.jpg"));
        tui.awaitInPane("Messages", "uploaded photo.jpg (293.0 KiB");
    }

    @Test
    void uOnAFolderUploadsEveryFileUnderItsNameWithOneGauge() throws Exception {
        open(OPEN);
        select("docs/");
        tui.type("u");
        tui.awaitInPane("Transfers", "↑ docs/  verified (1 file)");
        tui.awaitInPane("Messages", "uploading docs/: 1 file");
        assertThat(repository.resolve("docs/notes.txt")).hasContent("notes");
    }

    @Test
    void putOnTheCommandLineUploadsWithTheSameGauges() throws Exception {
        open(OPEN);
        tui.type(":");
        tui.type("put --to shared \"" + here.resolve("photo.jpg") + "\"");
        tui.press(KeyType.Enter);
        tui.awaitInPane("Transfers", "↑ shared/photo.jpg  verified");
        assertThat(repository.resolve("shared/photo.jpg")).hasSameBinaryContentAs(here.resolve("photo.jpg"));
    }

    @Test
    void aNameAlreadyOnTheServerIsReplacedOnlyWhenTheUserSaysSo() throws Exception {
        Files.writeString(repository.resolve("photo.jpg"), "an older photo");
        open(OPEN);
        tui.awaitInPane("Files", "photo.jpg");
        select("photo.jpg");
        tui.type("u");
        tui.awaitText("Replace photo.jpg on the server?", "[y] Replace", "[n] Keep it");
        tui.type("n");
        tui.awaitInPane("Messages", "kept photo.jpg on the server");
        assertThat(repository.resolve("photo.jpg")).hasContent("an older photo");

        tui.type("u");
        tui.awaitText("Replace photo.jpg on the server?");
        tui.type("y");
        tui.awaitInPane("Transfers", "↑ photo.jpg  verified (replaced)");
        assertThat(repository.resolve("photo.jpg")).hasSameBinaryContentAs(here.resolve("photo.jpg"));
    }

    @Test
    void aReadOnlyServerRefusesInOneLineAndEnterDoesNotOfferItAgain() throws Exception {
        open(DaemonConfig.Uploads.DEFAULT);
        select("photo.jpg");
        tui.type("u");
        tui.awaitInPane("Transfers", "↑ photo.jpg  failed: ");
        tui.awaitInPane("Messages", "! upload photo.jpg: this client may not upload here");
        assertThat(repository.resolve("photo.jpg")).doesNotExist();
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        String footer = tui.awaitPane("Transfers", "[ Transfers ]");
        assertThat(footer.lines().reduce((first, last) -> last).orElse("")).doesNotContain("send again", "resume");
    }
}
