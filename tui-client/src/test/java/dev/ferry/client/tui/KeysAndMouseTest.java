package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where keys and clicks go, on Lanterna's virtual terminal: letters typed in a pane never answer a
 * question that appeared while they were on their way, a letter no pane key uses says so and how
 * to reach the command line, and the mouse focuses panes, selects rows and scrolls.
 */
@Timeout(60)
class KeysAndMouseTest {
    @TempDir
    Path here;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void open() throws Exception {
        server = FakeServer.stallingAtHalf(1 << 16).start();
        server.otherFiles = List.of("a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt", "h.txt", "i.txt");
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        server.close();
    }

    private void start() throws Exception {
        tui = TuiHarness.start(server.port(), here, Palette.none(), new TerminalSize(80, 24));
        tui.awaitPane("Files", "10 files");
        tui.awaitPane("Connections", "1 connected");
    }

    private static String selected(String screen) {
        return TuiHarness.paneBody(screen, "Files").lines().filter(line -> line.startsWith(">")).findFirst().orElse("");
    }

    private void click(MouseActionType type, int column, int row) {
        tui.press(new MouseAction(type, type == MouseActionType.SCROLL_UP ? 4 : type == MouseActionType.SCROLL_DOWN ? 5 : 1,
                new TerminalPosition(column, row)));
    }

    @Test
    void lettersTypedBeforeAQuestionAppearedNeverAnswerIt() throws Exception {
        Files.writeString(here.resolve("big.bin"), "mine");
        start();
        tui.press(KeyType.ArrowDown);
        tui.press(KeyType.ArrowDown);
        tui.await("big.bin selected", screen -> selected(screen).contains("big.bin"));

        // Enter raises "Replace big.bin?"; the y typed right behind it was meant for something else
        tui.press(new KeyStroke(KeyType.Enter), new KeyStroke('y', false, false));
        tui.awaitText("Replace big.bin?", "[y] Replace");
        tui.type("n");

        tui.awaitInPane("Messages", "kept");
        assertThat(tui.screen()).doesNotContain("Replace big.bin?");
        assertThat(TuiHarness.paneBody(tui.screen(), "Transfers")).contains("none yet");
        assertThat(Files.readString(here.resolve("big.bin"))).isEqualTo("mine");
    }

    @Test
    void aLetterNoPaneKeyUsesSaysSoAndColonThenEscMoveBetweenPaneAndCommandLine() throws Exception {
        start();
        tui.type("abou");
        String hint = tui.await("the hint on the last line", screen -> screen.lines().reduce((a, b) -> b).orElse("")
                .contains("u does nothing in Files: keys go to the pane; : to type a command"));
        assertThat(hint.lines().toList().get(22)).doesNotContain("abou");

        tui.type(":");
        tui.type("about");
        tui.awaitText("Client01> about");
        tui.press(KeyType.Enter);
        tui.awaitInPane("Messages", "stalling/1");
        tui.press(KeyType.Escape);
        tui.awaitPane("Files", "[ Files ]");
    }

    @Test
    void aClickFocusesAPaneAndSelectsTheRowUnderItAndTheWheelMovesTheSelection() throws Exception {
        start();
        String screen = tui.screen();
        int connectionsRow = TerminalUiTest.rowContaining(screen, "Connections");
        int connectionsColumn = screen.lines().toList().get(connectionsRow).indexOf("Connections");
        click(MouseActionType.CLICK_DOWN, connectionsColumn, connectionsRow + 2);
        click(MouseActionType.CLICK_RELEASE, connectionsColumn, connectionsRow + 2);
        tui.awaitPane("Connections", "[ Connections ]");

        int cRow = TerminalUiTest.rowContaining(tui.screen(), "c.txt");
        click(MouseActionType.CLICK_DOWN, 5, cRow);
        click(MouseActionType.CLICK_RELEASE, 5, cRow);
        tui.awaitPane("Files", "[ Files ]");
        tui.await("c.txt selected by the click", s -> selected(s).contains("c.txt"));

        click(MouseActionType.SCROLL_DOWN, 5, cRow);
        tui.await("the wheel moves the selection three rows", s -> selected(s).contains("f.txt"));
        click(MouseActionType.SCROLL_UP, 5, cRow);
        tui.await("and back", s -> selected(s).contains("c.txt"));
    }
}
