package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first-contact dialog of the full-screen UI on a virtual 80x24 terminal: what it says, that
 * it is readable without colour, and every way to answer it.
 */
@Timeout(60)
class TrustDialogTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SERVER = "127.0.0.1:50000";
    static final String FINGERPRINT = "SHA256:q3Zb0Yx6f1Jc3mDdJ0mQ2p7e5mZk0yJrQ8E0lqkz7wU";
    static final Path FILE = Path.of("/home/someone/.config/ferry/known_servers");

    final DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final ExecutorService asking = Executors.newSingleThreadExecutor();
    TextCharacter[][] lastFrame;

    @AfterEach
    void stop() throws Exception {
        press(KeyType.EOF); // a dialog a failed test left open ends, refusing
        asking.shutdownNow();
        assertThat(asking.awaitTermination(10, TimeUnit.SECONDS)).as("the asking thread ends").isTrue();
    }

    Future<Boolean> open(Palette palette) {
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                frames.add(capture());
            }

            @Override
            public void onBell() {}

            @Override
            public void onClose() {}

            @Override
            public void onResized(Terminal t, TerminalSize size) {}
        });
        return asking.submit(() -> TrustDialog.ask(new TerminalScreen(terminal), palette, SERVER, FINGERPRINT, FILE));
    }

    /** Waits for a frame that satisfies {@code condition}; fails with the last one after {@link #WAIT}. */
    String await(String what, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "(nothing drawn)";
        for (;;) {
            String frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no frame showed " + what + " within " + WAIT + "; the last:\n" + last);
            }
            last = frame;
            if (condition.test(frame)) {
                return frame;
            }
        }
    }

    String awaitDialog() throws InterruptedException {
        return await("the dialog", frame -> frame.contains("Refuse") && frame.contains(FINGERPRINT));
    }

    private synchronized String capture() {
        TerminalSize size = terminal.getTerminalSize();
        TextCharacter[][] cells = new TextCharacter[size.getRows()][size.getColumns()];
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < size.getRows(); row++) {
            for (int column = 0; column < size.getColumns(); column++) {
                TextCharacter cell = terminal.getCharacter(column, row);
                cells[row][column] = cell;
                text.append(cell == null ? " " : cell.getCharacterString());
            }
            text.append('\n');
        }
        lastFrame = cells;
        return text.toString();
    }

    /** The cells of the first row that contains {@code text}, from where it starts. */
    synchronized TextCharacter[] cellsOf(String screen, String text) {
        String[] rows = screen.split("\n");
        for (int row = 0; row < rows.length; row++) {
            int column = rows[row].indexOf(text);
            if (column >= 0) {
                TextCharacter[] cells = new TextCharacter[text.length()];
                System.arraycopy(lastFrame[row], column, cells, 0, text.length());
                return cells;
            }
        }
        throw new AssertionError("'" + text + "' is not on the screen:\n" + screen);
    }

    void press(KeyType key) {
        terminal.addInput(new KeyStroke(key));
    }

    void type(char c) {
        terminal.addInput(new KeyStroke(c, false, false));
    }

    @Test
    void showsTheServerItsFingerprintAndWhatPinningMeansAt80x24WithoutColour() throws Exception {
        Future<Boolean> answer = open(Palette.none());
        String screen = awaitDialog();
        assertThat(screen).contains("A server seen for the first time", "Ferry has not met " + SERVER + " before.",
                "Its fingerprint is", "  " + FINGERPRINT, "'ferryd fingerprint'", "Trust pins it in " + FILE,
                "a changed one is", "<Trust", "<Refuse>", "Esc refuses");
        assertThat(screen.lines().filter(line -> line.contains("┌──") || line.contains("└──")).count())
                .as("the whole box is on the 80x24 screen").isEqualTo(2);
        for (TextCharacter[] row : lastFrame) {
            for (TextCharacter cell : row) {
                assertThat(cell.getForegroundColor()).as("no colour with NO_COLOR").isEqualTo(TextColor.ANSI.DEFAULT);
                assertThat(cell.getBackgroundColor()).as("no colour with NO_COLOR").isEqualTo(TextColor.ANSI.DEFAULT);
            }
        }
        // the focused button is in reverse video, the other is not: which one Enter picks is visible in black and white
        assertThat(cellsOf(screen, "<Refuse>")[1].getModifiers()).contains(SGR.REVERSE);
        assertThat(cellsOf(screen, "<Trust")[1].getModifiers()).doesNotContain(SGR.REVERSE);
        assertThat(cellsOf(screen, FINGERPRINT)[0].getModifiers()).contains(SGR.BOLD);
        press(KeyType.Escape);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void enterAloneRefusesBecauseFocusStartsOnRefuse() throws Exception {
        Future<Boolean> answer = open(Palette.colours());
        awaitDialog();
        press(KeyType.Enter);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void escRefuses() throws Exception {
        Future<Boolean> answer = open(Palette.colours());
        awaitDialog();
        press(KeyType.Escape);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void tabShowsFocusOnTrustAndEnterTrusts() throws Exception {
        Future<Boolean> answer = open(Palette.none());
        awaitDialog();
        press(KeyType.Tab);
        String screen = await("focus on Trust", frame -> cellsOf(frame, "<Trust")[1].getModifiers().contains(SGR.REVERSE));
        assertThat(cellsOf(screen, "<Refuse>")[1].getModifiers()).doesNotContain(SGR.REVERSE);
        press(KeyType.Enter);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLettersAnswerToo() throws Exception {
        Future<Boolean> trusted = open(Palette.colours());
        awaitDialog();
        type('t');
        assertThat(trusted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        frames.clear();
        Future<Boolean> refused = asking.submit(() -> TrustDialog.ask(new TerminalScreen(terminal), Palette.colours(),
                SERVER, FINGERPRINT, FILE));
        awaitDialog();
        type('r');
        assertThat(refused.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void theEndOfInputRefuses() throws Exception {
        Future<Boolean> answer = open(Palette.colours());
        awaitDialog();
        press(KeyType.EOF);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }
}
