package dev.ferry.client.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SeparateTextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screen and the GUI thread that owns it. {@link #open} takes over the terminal (the alternate
 * screen, raw keys) and starts the GUI thread, named {@code ferry-ui}; {@link #requestStop} is how
 * the GUI thread ends itself; {@link #close} gives the terminal back, once, whoever calls it
 * first (the launching thread, or a shutdown hook on SIGTERM).
 */
final class FerryScreen {
    private static final Logger log = LoggerFactory.getLogger(FerryScreen.class);

    private final Screen screen;
    private final AtomicBoolean released = new AtomicBoolean(true);
    private MultiWindowTextGUI gui;
    private AsynchronousTextGUIThread thread;

    FerryScreen(Screen screen) {
        this.screen = screen;
    }

    /**
     * Starts the screen with {@code main} on it and the GUI thread running; work held by {@code ui}
     * is handed to the thread. Errors on the thread go to {@code errors}.
     */
    void open(Window main, Palette palette, UiErrors errors, UiExecutor ui) throws IOException {
        screen.startScreen();
        released.set(false);
        gui = new MultiWindowTextGUI(new SeparateTextGUIThread.Factory(), screen, new DefaultWindowManager(),
                null, new EmptySpace(TextColor.ANSI.DEFAULT));
        gui.setTheme(palette.theme());
        gui.setVirtualScreenEnabled(false);
        gui.addWindow(main);
        thread = (AsynchronousTextGUIThread) gui.getGUIThread();
        thread.getThread().setName("ferry-ui");
        thread.getThread().setUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
        thread.setExceptionHandler(errors);
        thread.start();
        ui.attach(thread);
    }

    /** Shows a window (a dialog, the help) over the others; GUI thread only. */
    void show(Window window) {
        gui.addWindow(window);
    }

    /** True if {@code window} is the one taking keys. */
    boolean isActive(Window window) {
        return gui != null && gui.getActiveWindow() == window;
    }

    /** Asks the GUI thread to end after what it is doing now. */
    void requestStop() {
        if (thread != null) {
            thread.stop();
        }
    }

    /** Waits until the GUI thread has ended: the user quit, or the terminal failed. */
    void awaitStop() throws InterruptedException {
        if (thread != null) {
            thread.waitForStop();
        }
    }

    /** Gives the terminal back as it was; safe to call more than once, from any thread. */
    void close() {
        if (released.getAndSet(true)) {
            return;
        }
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            log.warn("could not restore the terminal: {}", e.toString());
        }
    }
}
