package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One dialog at a time, on Lanterna's virtual terminal: a dialog raised while another is open
 * waits its turn; the help leaves the screen as it found it; dialogs are framed and titled as the
 * focused pane is; the quit question says what runs each way and what each keeps.
 */
@Timeout(60)
class DialogsTest {
    @TempDir
    Path here;

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

    private void open(int columns, int rows) throws Exception {
        tui = TuiHarness.start(server.port(), here, Palette.none(), new TerminalSize(columns, rows));
        tui.awaitInPane("Files", "big.bin");
        tui.awaitInPane("Local", "../");
    }

    @Test
    void aConnectionLostWhileReplaceIsAskedWaitsUntilReplaceIsAnswered() throws Exception {
        Files.writeString(here.resolve("big.bin"), "mine");
        server = FakeServer.stallingAtHalf(1 << 16).start();
        open(80, 24);
        tui.press(KeyType.Enter);
        tui.awaitText("Replace big.bin?", "[y] Replace", "[n] Keep it");

        server.dropAll();
        String both = tui.await("the drop on the status line", screen -> screen.lines().findFirst().orElse("")
                .contains("offline"));
        assertThat(both).contains("Replace big.bin?").doesNotContain("Connection lost");

        tui.type("n");
        String lost = tui.awaitText("Connection lost", "[s] Stay offline");
        assertThat(lost).doesNotContain("Replace big.bin?");
        assertThat(Files.readString(here.resolve("big.bin"))).isEqualTo("mine");
        tui.type("s");
        String after = tui.await("no dialog left", screen -> !screen.contains("Connection lost"));
        assertThat(ScreenCheck.problems(after, 80, 24)).isEmpty();
    }

    @Test
    void theHelpAt80By24IsFramedLikeAFocusedPaneAndLeavesTheScreenAsItFoundIt() throws Exception {
        server = FakeServer.stallingAtHalf(1 << 16).start();
        open(80, 24);
        String before = tui.awaitPane("Connections", "1 connected");

        tui.type("?");
        String help = tui.awaitText("═[ Keys ]═", "Anywhere");
        assertThat(help).doesNotContain("──Keys──");
        tui.press(KeyType.Escape);

        String after = tui.await("the screen as before the help", screen -> screen.equals(before));
        assertThat(ScreenCheck.problems(after, 80, 24)).isEmpty();
    }

    @Test
    void theQuitQuestionSaysWhatRunsEachWayAndWhatEachKeeps() throws Exception {
        Files.write(here.resolve("photo.jpg"), new byte[256 * 1024]);
        server = FakeServer.stallingAtHalf(1 << 20).start();
        server.writable = true;
        server.uploadWindow = 64 * 1024;
        server.holdUploadWindows = true;
        open(120, 40);
        tui.press(KeyType.Enter);
        tui.awaitText("big.bin  downloading", " 50%");
        tui.press(KeyType.Tab);
        tui.awaitPane("Local", "[ Local ]");
        tui.press(KeyType.End);
        tui.type("u");
        assertThat(server.puts.poll(10, TimeUnit.SECONDS)).isNotNull();
        tui.awaitText("↑ photo.jpg  uploading");

        tui.type("q");
        String question = tui.await("the quit question, both ways", screen -> TuiHarness.paneBody(screen, "Quit Ferry?")
                .contains("An upload is still running"));
        String words = TuiHarness.paneBody(question, "Quit Ferry?").replaceAll("\\s+", " ");
        assertThat(words).contains("A download is still running. If you quit now, it keeps its .part file here,")
                .contains("An upload is still running. If you quit now, the server keeps what it received")
                .doesNotContain("downloads are");
        tui.type("n");
        tui.await("the question gone", screen -> !screen.contains("Quit Ferry?"));
    }
}
