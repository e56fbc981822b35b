package dev.ferry.client.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Ferry's full-screen terminal client, for the command line to start: connect with
 * {@link #listener()}, then {@link #run} on the terminal this process was started in. It always
 * draws on the text terminal (never a window, even where a display exists) and restores the
 * terminal when it ends, also on SIGTERM.
 */
public final class FerryTui {

    /** Makes connections: the first one, and new ones when the user reconnects. */
    public interface Connector {
        FerryClient connect(ClientListener listener) throws FerryException;

        /** The server as {@code host:port}, for messages. */
        String address();
    }

    /** On SIGTERM, how long the GUI thread may take to finish a redraw before the terminal is restored. */
    private static final Duration RESTORE_WAIT = Duration.ofSeconds(1);

    private final TuiApp app;
    private final boolean mouse;

    /**
     * @param connector   how to reach the server
     * @param downloads   the folder downloads go to
     * @param environment decides the colours ({@code NO_COLOR} turns them off) and the mouse
     *                    ({@code FERRY_MOUSE=off} leaves it to the terminal, for selecting text)
     */
    public FerryTui(Connector connector, Path downloads, Map<String, String> environment) {
        this.app = new TuiApp(connector, downloads, Palette.fromEnvironment(environment));
        this.mouse = !"off".equalsIgnoreCase(environment.getOrDefault("FERRY_MOUSE", "on"));
    }

    /** The listener for the first connection, which must be made with it. */
    public ClientListener listener() {
        return app.nextFeed();
    }

    /**
     * Runs the UI on this process's terminal until the user quits; closes {@code client} before it
     * returns. Failures are one line on {@code err}, printed after the terminal is restored.
     *
     * @return true if it ended as asked, false if the connection was lost or the UI failed
     */
    public boolean run(FerryClient client, PrintWriter err) {
        Terminal terminal;
        try {
            terminal = openTerminal(mouse);
        } catch (IOException | RuntimeException e) {
            client.close();
            err.println("ferry: cannot open the terminal: " + e.getMessage());
            return false;
        }
        FerryScreen screen;
        try {
            screen = new FerryScreen(new TerminalScreen(terminal));
        } catch (IOException e) {
            client.close();
            err.println("ferry: cannot open the terminal: " + e.getMessage());
            return false;
        }
        Thread restore = new Thread(() -> screen.shutDown(RESTORE_WAIT), "ferry-ui-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        TuiApp.Ending ending;
        try {
            ending = app.run(screen, client);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        if (ending.farewell() != null) {
            System.out.println(ending.farewell()); // the screen is closed: the terminal is the shell's again
            System.out.flush();
        }
        if (ending.failure() != null) {
            err.println("ferry: " + Text.printable(ending.failure()));
        } else if (ending.lostConnection() != null) {
            err.println("ferry: connection lost: " + Text.printable(ending.lostConnection()));
        }
        return ending.failure() == null && ending.lostConnection() == null;
    }

    /**
     * This process's terminal, as text (never a window), Ctrl-C read as a key; with {@code mouse},
     * clicks and the wheel come as input (most terminals still select text with Shift held).
     */
    static Terminal openTerminal(boolean mouse) throws IOException {
        return new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                .setMouseCaptureMode(mouse ? MouseCaptureMode.CLICK_RELEASE : null)
                .createTerminal();
    }
}
