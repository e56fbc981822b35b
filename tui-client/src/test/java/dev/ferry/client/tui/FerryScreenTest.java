package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GUI thread on its own, on a virtual terminal: what it does when drawing fails every time,
 * when an {@link Error} is thrown on it, and when a shutdown hook stops it.
 */
@Timeout(60)
class FerryScreenTest {
    final DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(40, 10));
    final List<String> reported = new ArrayList<>();
    final UiErrors errors = new UiErrors(reported::add);
    final UiExecutor ui = new UiExecutor();
    final CountDownLatch terminalClosed = new CountDownLatch(1);
    FerryScreen screen;

    FerryScreen open(Window window) throws Exception {
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {}

            @Override
            public void onBell() {}

            @Override
            public void onClose() {
                terminalClosed.countDown();
            }

            @Override
            public void onResized(Terminal t, TerminalSize size) {}
        });
        screen = new FerryScreen(new TerminalScreen(terminal));
        screen.open(window, Palette.none(), errors, ui);
        return screen;
    }

    @AfterEach
    void stop() {
        if (screen != null) {
            screen.shutDown(Duration.ofSeconds(10));
        }
    }

    static Window fullScreen(AbstractComponent<?> component) {
        BasicWindow window = new BasicWindow();
        window.setHints(Set.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        window.setComponent(component);
        return window;
    }

    @Test
    void aDrawingErrorOnEveryRedrawStopsTheUiWithTheReasonAfterABurstNotAnEndlessLoop() throws Exception {
        AtomicInteger draws = new AtomicInteger();
        open(fullScreen(new Failing(draws)));

        screen.awaitStop();

        assertThat(errors.fatal()).isEqualTo("internal error: java.lang.IllegalArgumentException: "
                + "Cannot create a TextCharacter from a control character (0x1b)");
        assertThat(errors.count()).as("errors before it gave up").isEqualTo(UiErrors.BURST + 1);
        assertThat(draws.get()).isEqualTo(UiErrors.BURST + 1);
        assertThat(reported).hasSize(UiErrors.BURST)
                .allMatch(line -> line.startsWith("internal error: java.lang.IllegalArgumentException"));
    }

    @Test
    void anErrorThrownOnTheGuiThreadEndsTheUiWithItsReasonRatherThanSilently() throws Exception {
        open(fullScreen(new Quiet()));

        ui.post(() -> {
            throw new AssertionError("a broken invariant");
        });
        screen.awaitStop();

        assertThat(errors.fatal()).isEqualTo("internal error: java.lang.AssertionError: a broken invariant");
    }

    @Test
    void aShutdownHookStopsTheGuiThreadThenGivesTheTerminalBack() throws Exception {
        open(fullScreen(new Quiet()));

        Thread hook = new Thread(() -> screen.shutDown(Duration.ofSeconds(10)), "test-shutdown-hook");
        hook.start();
        hook.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(hook.isAlive()).isFalse();
        assertThat(terminalClosed.await(10, TimeUnit.SECONDS)).as("the terminal was closed").isTrue();
        screen.awaitStop();
        assertThat(errors.fatal()).isNull();
    }

    /** Writes an ESC, as unsanitised server text would, and asks to be drawn again. */
    static final class Failing extends AbstractComponent<Failing> {
        private final AtomicInteger draws;

        Failing(AtomicInteger draws) {
            this.draws = draws;
        }

        @Override
        protected ComponentRenderer<Failing> createDefaultRenderer() {
            return new ComponentRenderer<>() {
                @Override
                public TerminalSize getPreferredSize(Failing component) {
                    return new TerminalSize(10, 1);
                }

                @Override
                public void drawComponent(TextGUIGraphics graphics, Failing component) {
                    draws.incrementAndGet();
                    component.invalidate();
                    graphics.putString(0, 0, "hi \u001b[2J");
                }
            };
        }
    }

    /** Draws nothing. */
    static final class Quiet extends AbstractComponent<Quiet> {
        @Override
        protected ComponentRenderer<Quiet> createDefaultRenderer() {
            return new ComponentRenderer<>() {
                @Override
                public TerminalSize getPreferredSize(Quiet component) {
                    return new TerminalSize(1, 1);
                }

                @Override
                public void drawComponent(TextGUIGraphics graphics, Quiet component) {}
            };
        }
    }
}
