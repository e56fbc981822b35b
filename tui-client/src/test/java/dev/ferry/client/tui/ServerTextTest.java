package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends text no terminal should see: escape sequences, C1 controls and bidi
 * overrides in its name, file names, chat, joins, leaves, notices and goodbye. The UI keeps
 * running and shows each such character as U+FFFD; none reaches the terminal. The daemon refuses
 * such text itself, so these come from {@link FakeServer}, which checks nothing.
 */
@Timeout(120)
class ServerTextTest {
    static final String EVIL_FILE = "evil\u001b[31m.txt";
    static final String REVERSED_FILE = "\u202etxt.exe";

    @TempDir
    Path downloads;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.stallingAtHalf(1 << 16).start();
        server.software = "stalling\u001b[5m/1";
        server.otherFiles = List.of(EVIL_FILE, REVERSED_FILE);
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        server.close();
    }

    void open() throws Exception {
        tui = TuiHarness.start(server.port(), downloads, Palette.colours(), new TerminalSize(120, 40));
        tui.awaitText("64.0 KiB  big.bin", "connected (you)");
    }

    @Test
    void controlCharactersFromTheServerShowAsReplacementCharactersAndTheUiKeepsRunning() throws Exception {
        open();
        Instant now = Instant.now();

        server.broadcast(new Message.Chat("Mal\u001b]0;x\u0007", "\u001b[2J\u009b31m hi \u202eereh", now));
        server.broadcast(new Message.Joined("Eve\u001b[1m", "127.0.0.1:9\u0085", now));
        server.broadcast(new Message.Notice(ErrorCode.SHUTTING_DOWN, "\u001bc reset\u007f"));
        server.broadcast(new Message.Left("Eve\u001b[1m", now, "bye\u001b[0m"));

        String screen = tui.awaitText("Mal\uFFFD]0;x\uFFFD: \uFFFD[2J\uFFFD31m hi \uFFFDereh",
                "* Eve\uFFFD[1m joined from 127.0.0.1:9\uFFFD",
                "! server: \uFFFDc reset\uFFFD",
                "* Eve\uFFFD[1m left (bye\uFFFD[0m)",
                "evil\uFFFD[31m.txt", "\uFFFDtxt.exe",
                "Client01 on 127.0.0.1:" + server.port() + "  stalling\uFFFD[5m/1",
                "as Client01 (stalling\uFFFD[5m/1)");
        assertThat(screen).containsPattern("Eve\uFFFD\\[1m\\s+127\\.0\\.0\\.1:9\uFFFD")
                .doesNotContain("internal error");
        assertNothingUnprintableOnScreen();
        assertThat(tui.running()).isTrue();

        tui.type(":");
        tui.type("ping");
        tui.press(KeyType.Enter);
        tui.awaitText("pong in ");
    }

    @Test
    void aFileWhoseNameHasAnEscapeIsShownCleanAndAskedForByItsRealName() throws Exception {
        open();
        tui.press(KeyType.ArrowDown);
        tui.awaitText(">      1 B  evil\uFFFD[31m.txt");

        tui.press(KeyType.Enter);

        assertThat(server.getNames.poll(10, TimeUnit.SECONDS)).isEqualTo(EVIL_FILE);
        tui.awaitText("evil\uFFFD[31m.txt  failed: no such file: evil\uFFFD[31m.txt",
                "! get evil\uFFFD[31m.txt: no such file: evil\uFFFD[31m.txt");
        assertNothingUnprintableOnScreen();
    }

    @Test
    void aGoodbyeWithControlCharactersIsShownAndReturnedClean() throws Exception {
        open();

        server.byeAll("going down\u001b[2J\u009b");

        tui.awaitText("Connection lost", "the server said goodbye: going down\uFFFD[2J\uFFFD");
        assertNothingUnprintableOnScreen();
        tui.type("q");
        String lost = tui.awaitEnd().lostConnection();
        assertThat(lost).isEqualTo("the server said goodbye: going down\uFFFD[2J\uFFFD");
    }

    @Test
    void wideCharactersInNamesKeepTheConnectionsColumnsAligned() throws Exception {
        server.clientNames = "客户%02d";
        open();

        String screen = tui.awaitText("connected (you)");
        int header = TerminalUiTest.rowContaining(screen, "FINISHED");
        int you = TerminalUiTest.rowContaining(screen, "connected (you)");
        // the virtual terminal repeats a wide character in both of its cells: one cell, one character
        assertThat(tui.row(you)).contains("客客户户01");
        assertThat(tui.row(you).indexOf("connected (you)")).isEqualTo(tui.row(header).indexOf("FINISHED"));
        assertThat(tui.row(you).indexOf("127.0.0.1:1")).isEqualTo(tui.row(header).indexOf("ADDRESS"));
    }

    void assertNothingUnprintableOnScreen() {
        String[] rows = tui.screen().split("\n");
        for (int row = 0; row < rows.length; row++) {
            assertThat(Text.firstForbidden(rows[row])).as("row %d: %s", row, rows[row]).isEqualTo(-1);
        }
    }
}
