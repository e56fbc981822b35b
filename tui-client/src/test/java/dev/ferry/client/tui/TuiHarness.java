package dev.ferry.client.tui;

import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import static org.assertj.core.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The real terminal UI on Lanterna's virtual terminal, in this JVM, against a daemon on a
 * loopback port: keys go in with {@link #press}, the screen comes back as text, and every wait is
 * on the terminal's flushes with a deadline, never a sleep. The screen is copied at each flush,
 * on the GUI thread, so a test only ever sees whole frames, never one half drawn.
 */
final class TuiHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final DefaultVirtualTerminal terminal;
    final TuiApp app;
    private final Set<Thread> before;
    private final FerryScreen screen;
    private final Thread thread;
    private final Object flushed = new Object();
    private long flushes;
    private volatile TextCharacter[][] frame = new TextCharacter[0][0];
    private volatile TuiApp.Ending ending;

    private TuiHarness(DefaultVirtualTerminal terminal, TuiApp app, FerryClient client, Set<Thread> before)
            throws IOException {
        this.terminal = terminal;
        this.app = app;
        this.before = before;
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                frame = capture();
                synchronized (flushed) {
                    flushes++;
                    flushed.notifyAll();
                }
            }

            @Override
            public void onBell() {}

            @Override
            public void onClose() {}

            @Override
            public void onResized(com.googlecode.lanterna.terminal.Terminal t, TerminalSize size) {}
        });
        this.screen = new FerryScreen(new TerminalScreen(terminal));
        this.thread = new Thread(() -> ending = app.run(screen, client), "tui-under-test");
        thread.start();
    }

    /** Starts the UI connected to a stand-in server on {@code port}, in plain text, on a virtual terminal of {@code size}. */
    static TuiHarness start(int port, Path downloads, Palette palette, TerminalSize size) throws Exception {
        return start(port, downloads, palette, size, TuiApp.Timing.DEFAULT);
    }

    /** The same, with its own idea of how long a silent server is given. */
    static TuiHarness start(int port, Path downloads, Palette palette, TerminalSize size, TuiApp.Timing timing)
            throws Exception {
        return start(connector(ClientOptions.defaults().withAddress("127.0.0.1", port).withTls(false)), downloads,
                palette, size, timing);
    }

    /** Starts the UI connected to a real daemon, through TLS, trusting its fingerprint. */
    static TuiHarness start(TestDaemon daemon, Path downloads, Palette palette, TerminalSize size) throws Exception {
        return start(connector(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint()))), downloads, palette, size, TuiApp.Timing.DEFAULT);
    }

    private static TuiHarness start(FerryTui.Connector connector, Path downloads, Palette palette, TerminalSize size,
            TuiApp.Timing timing) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        TuiApp app = new TuiApp(connector, downloads, palette, timing);
        app.startLocalIn(downloads);
        FerryClient client = connector.connect(app.nextFeed());
        return new TuiHarness(new DefaultVirtualTerminal(size), app, client, before);
    }

    static FerryTui.Connector connector(ClientOptions options) {
        return new FerryTui.Connector() {
            @Override
            public FerryClient connect(ClientListener listener) throws FerryException {
                return FerryClient.connect(options, listener);
            }

            @Override
            public String address() {
                return options.host() + ":" + options.port();
            }
        };
    }

    /** The last whole frame as text, one line per row. */
    String screen() {
        TextCharacter[][] cells = frame;
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < cells.length; row++) {
            text.append(row(cells, row)).append('\n');
        }
        return text.toString();
    }

    /** One row of the last whole frame. */
    String row(int row) {
        return row(frame, row);
    }

    /** One cell of the last whole frame, with its colours and modifiers. */
    TextCharacter cell(int column, int row) {
        return frame[row][column];
    }

    /** The terminal as it is now; called at a flush, when a frame is complete. */
    private TextCharacter[][] capture() {
        TerminalSize size = terminal.getTerminalSize();
        TextCharacter[][] cells = new TextCharacter[size.getRows()][size.getColumns()];
        for (int row = 0; row < size.getRows(); row++) {
            for (int column = 0; column < size.getColumns(); column++) {
                cells[row][column] = terminal.getCharacter(column, row);
            }
        }
        return cells;
    }

    private static String row(TextCharacter[][] cells, int row) {
        StringBuilder line = new StringBuilder();
        for (TextCharacter cell : cells[row]) {
            line.append(cell == null ? " " : cell.getCharacterString());
        }
        return line.toString();
    }

    /** Frames drawn so far. */
    long flushes() {
        synchronized (flushed) {
            return flushes;
        }
    }

    void press(KeyStroke... keys) {
        for (KeyStroke key : keys) {
            terminal.addInput(key);
        }
    }

    void press(KeyType type) {
        press(new KeyStroke(type));
    }

    void type(String text) {
        text.chars().forEach(c -> press(new KeyStroke((char) c, false, false)));
    }

    /** Waits, to a deadline, for the screen to satisfy {@code condition}; returns that screen. */
    String await(String what, Predicate<String> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        for (;;) {
            long seen;
            synchronized (flushed) {
                seen = flushes;
            }
            last = screen();
            if (condition.test(last)) {
                return last;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("waited " + WAIT.toSeconds() + " s for " + what + "; the screen was:\n" + last + threads());
            }
            synchronized (flushed) {
                while (flushes == seen && left > 0) {
                    try {
                        flushed.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail("interrupted waiting for " + what);
                    }
                    left = deadline - System.nanoTime();
                }
            }
        }
    }

    /** Waits for the screen to show every one of {@code texts}. */
    String awaitText(String... texts) {
        return await("the screen to show " + String.join(", ", texts), screen -> {
            for (String text : texts) {
                if (!screen.contains(text)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Waits for the title line of the pane titled {@code title} (its top border, from corner to
     * corner) to show every one of {@code texts}; returns the whole screen. Waiting on the pane,
     * not the whole screen, keeps a count such as "1 connected" from matching a time of day that
     * happens to end in 1.
     */
    String awaitPane(String title, String... texts) {
        return await("the " + title + " pane's title line to show " + String.join(", ", texts), screen -> {
            String line = paneTitle(screen, title);
            for (String text : texts) {
                if (!line.contains(text)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Waits for the inside of the pane titled {@code title} (between its borders) to show every
     * one of {@code texts}; returns those lines, one per row.
     */
    String awaitInPane(String title, String... texts) {
        String screen = await("the " + title + " pane to show " + String.join(", ", texts), whole -> {
            String inside = paneBody(whole, title);
            for (String text : texts) {
                if (!inside.contains(text)) {
                    return false;
                }
            }
            return true;
        });
        return paneBody(screen, title);
    }

    /** The inside of the pane titled {@code title} on {@code screen}, one line per row, or "" if none shows. */
    static String paneBody(String screen, String title) {
        String[] lines = screen.split("\n");
        for (int row = 0; row < lines.length; row++) {
            String border = paneTitle(lines[row], title);
            if (border.isEmpty()) {
                continue;
            }
            int start = lines[row].indexOf(border);
            int end = start + border.length() - 1;
            StringBuilder inside = new StringBuilder();
            for (int below = row + 1; below < lines.length; below++) {
                String line = lines[below];
                if (line.length() <= end || "└╚".indexOf(line.charAt(start)) >= 0) {
                    break;
                }
                inside.append(line, start + 1, end).append('\n');
            }
            return inside.toString();
        }
        return "";
    }

    /** The top border of the pane titled {@code title} on {@code screen}, or "" if none shows. */
    static String paneTitle(String screen, String title) {
        for (String line : screen.split("\n")) {
            int at = line.indexOf(" " + title + " ");
            if (at < 0) {
                continue;
            }
            int start = Math.max(line.lastIndexOf('┌', at), line.lastIndexOf('╔', at));
            int endLight = line.indexOf('┐', at);
            int endDouble = line.indexOf('╗', at);
            int end = endLight < 0 ? endDouble : endDouble < 0 ? endLight : Math.min(endLight, endDouble);
            if (start >= 0 && end > start) {
                return line.substring(start, end + 1);
            }
        }
        return "";
    }

    /** What the UI's threads are doing, for a failure message. */
    static String threads() {
        StringBuilder dump = new StringBuilder("\nthreads:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("ferry") || thread.getName().startsWith("tui-under-test")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
    }

    /** Waits for the UI to end (after a quit key), and returns how it ended. */
    TuiApp.Ending awaitEnd() throws InterruptedException {
        thread.join(WAIT.toMillis());
        if (thread.isAlive()) {
            fail("the UI did not end within " + WAIT.toSeconds() + " s; the screen was:\n" + screen());
        }
        return ending;
    }

    boolean running() {
        return thread.isAlive();
    }

    /**
     * The UI's and the client's threads (named {@code ferry-ui...} or {@code ferry-reader...})
     * started since this harness was, still running after waiting up to {@link #WAIT} for them to
     * end. Threads of earlier tests, alive or not, are never counted.
     */
    List<String> threadsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> left = new ArrayList<>();
        for (Thread started : Thread.getAllStackTraces().keySet()) {
            if (before.contains(started)
                    || !(started.getName().startsWith("ferry-ui") || started.getName().startsWith("ferry-reader"))) {
                continue;
            }
            started.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (started.isAlive()) {
                left.add(started.getName());
            }
        }
        return left;
    }

    /**
     * Ends the UI if the test has not, whatever it shows (a dialog would swallow F10): stops the
     * screen directly, then fails if the UI is still running after {@link #WAIT}.
     */
    @Override
    public void close() throws InterruptedException {
        if (!thread.isAlive()) {
            return;
        }
        screen.requestStop();
        thread.join(WAIT.toMillis());
        if (thread.isAlive()) {
            fail("the UI did not end within " + WAIT.toSeconds() + " s of stopping its screen" + threads());
        }
    }
}
