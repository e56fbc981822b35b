package dev.ferry.client.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screen and the GUI thread that owns it. {@link #open} takes over the terminal (the alternate
 * screen, raw keys) and starts the GUI thread, {@code ferry-ui}, which builds the GUI and then
 * loops: keys, posted work, redraw. {@link #requestStop} is how the GUI thread ends itself;
 * {@link #close} gives the terminal back, once, whoever calls it first (the launching thread, or
 * {@link #shutDown} from a shutdown hook on SIGTERM).
 *
 * <p>The loop is ours rather than Lanterna's {@code SeparateTextGUIThread}, whose {@code start()}
 * in 3.1.3 starts the thread before marking it started, so the loop can end before it begins. When
 * idle it polls the keyboard every {@value #IDLE_POLL_MILLIS} ms; work posted through
 * {@link UiExecutor} wakes it at once. After an error it pauses {@value #ERROR_PAUSE_MILLIS} ms, so
 * an error that comes back on every redraw cannot spin the CPU (and {@link UiErrors} stops the GUI
 * if it keeps coming).
 *
 * <p>One dialog at a time: a dialog raised while another is open waits, in order, and shows when
 * the one before it closes, so two never overlap and each is answered on its own. Dialogs are
 * framed as the focused pane is ({@link DialogFrame}).
 */
final class FerryScreen {
    private static final Logger log = LoggerFactory.getLogger(FerryScreen.class);
    private static final long IDLE_POLL_MILLIS = 20;
    private static final long ERROR_PAUSE_MILLIS = 50;
    private static final long START_TIMEOUT_SECONDS = 10;

    private final TerminalScreen screen;
    private final AtomicBoolean released = new AtomicBoolean(true);
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable startFailure;
    private MultiWindowTextGUI gui;
    private Window main;
    /** Dialogs waiting for the one on the screen to close; GUI thread only. */
    private final Deque<Window> waiting = new ArrayDeque<>();
    private volatile Thread thread;

    FerryScreen(TerminalScreen screen) {
        this.screen = screen;
    }

    /**
     * Starts the screen and the GUI thread with {@code main} on it; work held by {@code ui} is
     * handed to the thread. Errors on the thread go to {@code errors}.
     */
    void open(Window main, Palette palette, UiErrors errors, UiExecutor ui) throws IOException, InterruptedException {
        screen.startScreen();
        released.set(false);
        thread = new Thread(() -> loop(main, palette, errors, ui), "ferry-ui");
        thread.setUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
        thread.start();
        if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            requestStop();
            throw new IOException("the screen did not start within " + START_TIMEOUT_SECONDS + " s");
        }
        if (startFailure != null) {
            throw new IOException(startFailure.getMessage(), startFailure);
        }
    }

    /**
     * Shows a dialog (a question, the help) over the panes, or, while another dialog is open,
     * queues it to show once that one closes; GUI thread only.
     */
    void show(Window window) {
        if (gui.getWindows().size() > 1) {
            waiting.add(window);
            return;
        }
        gui.addWindow(window);
    }

    /** True if {@code window} is on the screen or waiting its turn; GUI thread only. */
    boolean isOpen(Window window) {
        return gui != null && (window.getTextGUI() == gui || waiting.contains(window));
    }

    /** Dialogs waiting for the one on the screen to close; GUI thread only. */
    int waiting() {
        return waiting.size();
    }

    /** True if {@code window} is the one taking keys; GUI thread only. */
    boolean isActive(Window window) {
        return gui != null && gui.getActiveWindow() == window;
    }

    /** Asks the GUI thread to end after what it is doing now. */
    void requestStop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Waits until the GUI thread has ended: the user quit, or the terminal failed. */
    void awaitStop() throws InterruptedException {
        if (thread != null) {
            stopped.await();
            thread.join();
        }
    }

    /**
     * Gives the terminal back as it was, raw mode ended, at once: the goodbye to the server comes
     * after. Safe to call more than once, from any thread, once the GUI thread has stopped.
     */
    void close() {
        if (released.getAndSet(true)) {
            return;
        }
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            log.warn("could not restore the screen: {}", e.toString());
        }
        try {
            screen.getTerminal().close();
        } catch (IllegalStateException shuttingDown) {
            // a Unix terminal restores itself, then cannot remove its own shutdown hook while the JVM exits
        } catch (IOException | RuntimeException e) {
            log.warn("could not restore the terminal: {}", e.toString());
        }
    }

    /**
     * For a shutdown hook: stops the GUI thread, waits up to {@code wait} for it to finish what it
     * is drawing, then gives the terminal back.
     */
    void shutDown(Duration wait) {
        requestStop();
        Thread gui = thread;
        if (gui != null && gui != Thread.currentThread()) {
            try {
                gui.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (gui.isAlive()) {
                log.warn("the UI thread did not stop within {} ms; restoring the terminal anyway", wait.toMillis());
            }
        }
        close();
    }

    private void loop(Window main, Palette palette, UiErrors errors, UiExecutor ui) {
        try {
            TextGUIThread guiThread;
            try {
                this.main = main;
                gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen,
                        new DefaultWindowManager(new DialogFrame(palette), null), null,
                        new EmptySpace(TextColor.ANSI.DEFAULT)) {
                    @Override
                    public synchronized WindowBasedTextGUI removeWindow(Window window) {
                        super.removeWindow(window);
                        if (window != FerryScreen.this.main && getWindows().size() == 1 && !waiting.isEmpty()) {
                            addWindow(waiting.poll());
                        }
                        return this;
                    }
                };
                gui.setTheme(palette.theme());
                gui.setVirtualScreenEnabled(false);
                gui.addWindow(main);
                guiThread = gui.getGUIThread();
                guiThread.setExceptionHandler(errors);
                ui.attach(guiThread, Thread.currentThread());
            } catch (Throwable e) {
                log.error("the screen could not start", e);
                startFailure = e;
                return;
            } finally {
                started.countDown();
            }
            run(guiThread, errors);
        } catch (Throwable e) {
            errors.onFatal(e);
        } finally {
            ui.close();
            stopped.countDown();
        }
    }

    private void run(TextGUIThread guiThread, UiErrors errors) {
        long errorsSeen = errors.count();
        while (running) {
            boolean busy;
            try {
                busy = guiThread.processEventsAndUpdate();
            } catch (EOFException e) {
                log.info("the terminal's input ended");
                return;
            } catch (IOException e) {
                errors.onIOException(e); // only if Lanterna stops handing errors to the handler
                busy = true;
            }
            if (errors.fatal() != null) {
                return;
            }
            if (errors.count() != errorsSeen) {
                errorsSeen = errors.count();
                park(ERROR_PAUSE_MILLIS);
            } else if (!busy) {
                park(IDLE_POLL_MILLIS);
            }
        }
    }

    private void park(long millis) {
        if (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }
}
