package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Local pane on Lanterna's virtual terminal: the local folder beside the server's files,
 * reached with Tab, with folder navigation and hidden files, at 80x24 and 200x50. Every wait is on
 * the pane's own region.
 */
@Timeout(60)
class LocalPaneTest {
    @TempDir
    Path here;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void folders() throws Exception {
        Files.createDirectories(here.resolve("docs/deeper"));
        Files.writeString(here.resolve("docs/notes.txt"), "notes\n");
        Files.write(here.resolve("photo.jpg"), new byte[2048]);
        Files.writeString(here.resolve(".secret"), "hidden\n");
        server = FakeServer.stallingAtHalf(1 << 16).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        server.close();
    }

    private void open(int columns, int rows) throws Exception {
        tui = TuiHarness.start(server.port(), here, Palette.none(), new TerminalSize(columns, rows));
        tui.awaitInPane("Files", "big.bin");
    }

    /** The selected row of the Local pane's inside: the one marked with "&gt;". */
    private static String selected(String inside) {
        return inside.lines().filter(line -> line.startsWith(">")).findFirst().orElse("");
    }

    private void awaitSelected(String text) {
        tui.await("the Local pane's selection to be on " + text,
                screen -> selected(TuiHarness.paneBody(screen, "Local")).contains(text));
    }

    @Test
    void tabFromFilesReachesTheLocalFolderWithFoldersFirstAndHiddenFilesHidden() throws Exception {
        open(80, 24);
        String inside = tui.awaitInPane("Local", "docs/", "photo.jpg");
        assertThat(inside).doesNotContain(".secret");
        assertThat(inside.indexOf("../")).isLessThan(inside.indexOf("docs/"));
        assertThat(inside.indexOf("docs/")).isLessThan(inside.indexOf("photo.jpg"));
        assertThat(inside).contains("2.0 KiB  photo.jpg");
        String name = here.getFileName().toString();
        assertThat(inside.lines().findFirst().orElseThrow().strip()).as("the folder, on top, its end kept")
                .endsWith(name.substring(name.length() - 8));

        tui.press(KeyType.Tab);
        tui.awaitPane("Local", "[ Local ]");
        assertThat(tui.screen()).contains("u upload", ". hidden");
        tui.press(KeyType.Tab);
        tui.awaitPane("Connections", "[ Connections ]");
    }

    @Test
    void enterOpensAFolderAndBackspaceGoesBackToIt() throws Exception {
        open(80, 24);
        tui.press(KeyType.Tab);
        awaitSelected("../");
        tui.press(KeyType.ArrowDown);
        awaitSelected("dir  docs/");
        tui.press(KeyType.Enter);
        String inside = tui.awaitInPane("Local", "deeper/", "notes.txt");
        assertThat(inside).doesNotContain("photo.jpg");
        assertThat(inside.lines().findFirst().orElseThrow().strip()).as("the folder, on top").endsWith("/docs");

        tui.press(KeyType.Backspace);
        awaitSelected("dir  docs/");

        tui.press(KeyType.ArrowRight);
        tui.awaitInPane("Local", "notes.txt");
        tui.press(KeyType.ArrowLeft);
        awaitSelected("dir  docs/");
    }

    @Test
    void aDotShowsHiddenFilesAndHidesThemAgain() throws Exception {
        open(80, 24);
        tui.press(KeyType.Tab);
        tui.awaitInPane("Local", "photo.jpg");
        tui.type(".");
        tui.awaitInPane("Local", ".secret");
        assertThat(TuiHarness.paneTitle(tui.screen(), "Local")).contains("3").doesNotContain("hidden");
        tui.type(".");
        tui.await("the hidden file to go", screen -> !TuiHarness.paneBody(screen, "Local").contains(".secret")
                && TuiHarness.paneBody(screen, "Local").contains("photo.jpg"));
    }

    @Test
    void aFolderThatCannotBeOpenedSaysWhyAndTheListStays() throws Exception {
        open(80, 24);
        tui.press(KeyType.Tab);
        tui.awaitInPane("Local", "docs/");
        tui.press(KeyType.ArrowDown);
        awaitSelected("dir  docs/");
        Files.delete(here.resolve("docs/notes.txt"));
        Files.delete(here.resolve("docs/deeper"));
        Files.delete(here.resolve("docs"));
        tui.press(KeyType.Enter);
        tui.awaitInPane("Messages", "! cannot open docs:");
        assertThat(selected(tui.awaitInPane("Local", "photo.jpg"))).contains("dir  docs/");
    }

    @Test
    void atTwoHundredColumnsTheFilesAndTheLocalFolderStandSideBySide() throws Exception {
        open(200, 50);
        tui.awaitInPane("Local", "docs/", "photo.jpg");
        String screen = tui.awaitPane("Local", "2 items, 1 hidden");
        int files = TerminalUiTest.rowContaining(screen, " Files ");
        int local = TerminalUiTest.rowContaining(screen, " Local ");
        assertThat(local).as("the Local pane's title row").isEqualTo(files);
        assertThat(screen.split("\n")[local].indexOf(" Local ")).isGreaterThan(screen.split("\n")[files].indexOf(" Files "));
        assertThat(ScreenCheck.problems(screen, 200, 50)).isEmpty();
    }

    @Test
    void atEightyColumnsTheLocalFolderIsUnderTheFiles() throws Exception {
        open(80, 24);
        tui.awaitInPane("Local", "docs/");
        String screen = tui.screen();
        assertThat(TerminalUiTest.rowContaining(screen, " Local ")).isGreaterThan(TerminalUiTest.rowContaining(screen, " Files "));
        assertThat(ScreenCheck.problems(screen, 80, 24)).isEmpty();
    }
}
