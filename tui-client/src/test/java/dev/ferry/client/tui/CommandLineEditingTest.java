package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TUI's command line edits as readline does, completes with Tab, and takes commands as the shell does. */
@Timeout(120)
class CommandLineEditingTest {
    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        daemon = TestDaemon.start(repository);
        tui = TuiHarness.start(daemon, downloads, Palette.colours(), new TerminalSize(120, 40));
        tui.awaitText("1.4 MiB  large_file.txt", "connected (you)");
        tui.type(":");
        tui.awaitText("Enter run");
    }

    @AfterEach
    void stop() throws Exception {
        tui.close();
        daemon.close();
    }

    static KeyStroke ctrl(char c) {
        return new KeyStroke(c, true, false);
    }

    static KeyStroke alt(char c) {
        return new KeyStroke(c, false, true);
    }

    /** The command line's row: the prompt and what is typed. */
    String commandLine() {
        String[] rows = tui.screen().split("\n");
        for (int i = rows.length - 1; i >= 0; i--) {
            if (rows[i].startsWith("Client01> ")) {
                return rows[i].stripTrailing();
            }
        }
        return "";
    }

    void awaitLine(String expected) {
        tui.await("the command line to read '" + expected + "'", screen -> commandLine().equals(expected));
    }

    @Test
    void ctrlUStartsTheLineAfreshInsteadOfTypingU() {
        tui.type("get sam");
        tui.press(ctrl('u'));
        tui.type("get sample.txt");
        awaitLine("Client01> get sample.txt");
        tui.press(KeyType.Enter);
        tui.awaitText("sample.txt  verified");
        assertThat(tui.screen()).doesNotContain("samuget");
    }

    @Test
    void ctrlWAECtrlKAndWordMovesEditTheLine() {
        tui.type("abc def");
        tui.press(ctrl('w'));
        awaitLine("Client01> abc");
        tui.press(ctrl('a'));
        tui.type("say ");
        tui.press(ctrl('e'));
        tui.type("xyz");
        awaitLine("Client01> say abc xyz");
        tui.press(alt('b'));
        tui.press(new KeyStroke(KeyType.ArrowLeft, true, false)); // Ctrl-←
        tui.press(ctrl('k'));
        awaitLine("Client01> say");
        tui.press(alt('b'));
        tui.press(alt('f'));
        tui.type(" it");
        tui.press(ctrl('y'));
        awaitLine("Client01> say itabc xyz");
        tui.press(KeyType.Enter);
        tui.awaitText("itabc xyz ACK");
        assertThat(tui.screen()).doesNotContain("waek", "defw");
    }

    @Test
    void tabCompletesCommandsFileNamesAndClientsAndUpRecallsEarlierLines() throws Exception {
        tui.type("ge");
        tui.press(KeyType.Tab);
        awaitLine("Client01> get");
        tui.type("lar");
        tui.press(KeyType.Tab);
        awaitLine("Client01> get large_file.txt");
        tui.press(KeyType.Enter);
        tui.awaitText("large_file.txt  verified");

        BlockingQueue<Message.Event> heard = new LinkedBlockingQueue<>();
        try (FerryClient other = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(dev.ferry.client.trust.ServerTrust.exactly(daemon.fingerprint())),
                new ClientListener() {
                    @Override
                    public void onEvent(Message.Event event) {
                        heard.add(event);
                    }
                })) {
            tui.awaitPane("Connections", " 2 connected ");
            tui.type("msg C");
            tui.press(KeyType.Tab);
            awaitLine("Client01> msg Client02");
            tui.type("just you");
            tui.press(KeyType.Enter);
            tui.awaitText("to Client02: just you ACK");
            Message.Event event = heard.poll(10, TimeUnit.SECONDS);
            assertThat(event).isInstanceOfSatisfying(Message.Private.class, p -> assertThat(p.text()).isEqualTo("just you"));
        }

        tui.press(KeyType.ArrowUp);
        awaitLine("Client01> msg Client02 just you");
        tui.press(KeyType.ArrowUp);
        awaitLine("Client01> get large_file.txt");
        tui.press(KeyType.ArrowDown);
        tui.press(KeyType.ArrowDown);
        awaitLine("Client01>");
    }

    @Test
    void aCommandWithWrongArgumentsIsAUsageErrorNotAMessage() {
        tui.type("who am i");
        tui.press(KeyType.Enter);
        tui.awaitText("! who takes no arguments; to send this as a message: say who am i");
        assertThat(tui.screen()).doesNotContain("who am i ACK");
    }
}
