package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.DaemonProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a person would use it: the real {@code ferry} jar in a real terminal (tmux),
 * against the real {@code ferryd} jar, driven only through keys and read only from the screen.
 * Runs after {@code package}; skipped, with a reason, only where tmux is not installed
 * ({@code .ci/run} installs it).
 */
@Timeout(180)
class FerryInTmuxIT {
    static final Duration STARTUP = Duration.ofSeconds(45);
    static final Duration STEP = Duration.ofSeconds(20);

    @TempDir
    Path work;

    Path repository;
    DaemonProcess daemon;
    TmuxSession tmux;
    byte[] large;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(TmuxSession.installed(), "tmux is not installed (.ci/run installs it); skipping the tmux end-to-end check");
        Path ferryd = jar("ferryd.jar");
        repository = Files.createDirectories(work.resolve("repo"));
        large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        Files.write(repository.resolve("large.bin"), large);
        Files.writeString(repository.resolve("notes with spaces.txt"), "a name with spaces\n", StandardCharsets.UTF_8);
        Files.writeString(repository.resolve("sample.txt"), "hello\n", StandardCharsets.UTF_8);
        daemon = DaemonProcess.startJar(ferryd, List.of("-XX:+UseSerialGC"), "--port", "0",
                "--repo", repository.toString(), "--log-file", work.resolve("ferryd.log").toString(), "--max-clients", "3");
    }

    @AfterEach
    void stop() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void theRealFerryInTmuxDownloadsThroughTheKeysAndShowsEveryPane() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // pins in this test's folder: the server is unknown, so ferry asks first, as it would a person
        String ferry = "XDG_CONFIG_HOME=" + work.resolve("config") + " " + java + " -XX:+UseSerialGC -Dferry.client.log="
                + work.resolve("ferry.log") + " -jar " + jar("ferry.jar") + " --port " + daemon.port();
        tmux = TmuxSession.start("ferry-it", 120, 40, work, ferry + "; echo \"ferry exited $?\"; sleep 60");
        String dialog = tmux.awaitText(STARTUP, "A server seen for the first time",
                "Ferry has not met 127.0.0.1:" + daemon.port() + " before.", "  " + daemon.fingerprint(), "<Trust", "<Refuse>");
        assertThat(dialog).doesNotContain("(yes/no)");
        tmux.press("Tab");
        tmux.press("Enter");

        tmux.awaitText(STARTUP, "> 3.0 MiB  large.bin", "connected (you)", "[ Files ]", "Connections", "Transfers",
                "Messages", "3 files", "notes with spaces.txt", "6 B  sample.txt",
                "Client01 on 127.0.0.1:" + daemon.port(), "Client01>", "q quit");

        assertThat(Files.readString(work.resolve("config/ferry/known_servers")))
                .contains("127.0.0.1:" + daemon.port() + " " + daemon.fingerprint());

        tmux.press("Enter");
        tmux.awaitText(STEP, "large.bin  verified", "100%    3.0 MiB / 3.0 MiB", "verified large.bin (3.0 MiB, sha256 ");
        assertThat(Files.readAllBytes(work.resolve("downloads/large.bin"))).isEqualTo(large);

        tmux.press("/");
        tmux.type("spa");
        tmux.awaitText(STEP, "/spa_  1 of 3");
        tmux.press("Enter");
        tmux.awaitText(STEP, "notes with spaces.txt  verified");
        assertThat(work.resolve("downloads/notes with spaces.txt")).hasContent("a name with spaces");

        tmux.press("Tab", "Tab", "Tab", "Tab", "Tab");
        tmux.awaitText(STEP, "Enter run");
        tmux.type("hello from tmux");
        tmux.press("Enter");
        tmux.awaitText(STEP, "Client01> hello from tmux", "hello from tmux ACK");

        tmux.resize(80, 24);
        String small = tmux.await("the 80x24 layout", STEP, screen -> ScreenCheck.problems(screen, 80, 24).isEmpty()
                && screen.contains("hello from tmux ACK"));
        assertThat(small).contains("Client01>", "F10 quit", "connected (you)", "large.bin  verified")
                .containsPattern("/spa( 1/3|  1 of 3)");

        // growing again is where a real terminal shows what a redraw missed
        tmux.resize(120, 40);
        String big = tmux.await("the 120x40 layout after 80x24", STEP,
                screen -> ScreenCheck.problems(screen, 120, 40).isEmpty() && screen.contains("hello from tmux ACK"));
        assertThat(big).contains("19 B  notes with spaces.txt", "/spa  1 of 3", "large.bin  verified", "Client01>", "F10 quit");
        assertThat(big.lines().filter(line -> line.contains("Client01") && line.contains("(you)")).count())
                .as("one row says (you)").isEqualTo(1);

        tmux.press("Escape");
        tmux.awaitText(STEP, "[ Files ]");

        // the mouse, as the terminal reports it (button, column and row, each plus 32, one-based)
        int row = TerminalUiTest.rowContaining(big, "Connections");
        int column = big.lines().toList().get(row).indexOf("Connections");
        tmux.type(click(0, column, row + 2) + click(3, column, row + 2));
        tmux.awaitText(STEP, "[ Connections ]");
        // back to Files by a click on its one row under the filter, then Esc clears the filter
        int notes = TerminalUiTest.rowContaining(tmux.screen(), "notes with spaces.txt");
        tmux.type(click(0, 5, notes) + click(3, 5, notes));
        tmux.awaitText(STEP, "[ Files ]");
        tmux.press("Escape");
        int sample = TerminalUiTest.rowContaining(tmux.awaitText(STEP, "3 files", "6 B  sample.txt"), "6 B  sample.txt");
        tmux.type(click(0, 5, sample) + click(3, 5, sample));
        tmux.await("sample.txt selected by a click", STEP, screen -> screen.contains("[ Files ]")
                && screen.lines().anyMatch(line -> line.matches(".>\\s+6 B  sample\\.txt.*")));

        tmux.press("q");
        tmux.awaitText(STEP, "BYE from 127.0.0.1:" + daemon.port(), "ferry exited 0");
        daemon.terminate();
        assertThat(daemon.awaitExit(Duration.ofSeconds(15))).as("ferryd's exit after SIGTERM").isPresent();
        daemon.close();
        daemon = null;
        assertThat(Files.readString(work.resolve("ferryd.log"))).contains("Client01 sent large.bin", "Client01 disconnected");
        Path socket = tmux.socketFile();
        tmux.close();
        tmux = null;
        assertThat(socket).as("tmux's socket file, after the session").doesNotExist();
    }

    /** A mouse event as an xterm reports it: ESC [ M, then the button, column and row, each plus 32 (one-based). */
    private static String click(int button, int column, int row) {
        return "\u001b[M" + (char) (32 + button) + (char) (33 + column) + (char) (33 + row);
    }

    @Test
    void escAtTheFirstContactDialogRefusesWithStatus5AndPinsNothing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String ferry = "NO_COLOR=1 XDG_CONFIG_HOME=" + work.resolve("config") + " " + java + " -XX:+UseSerialGC -Dferry.client.log="
                + work.resolve("ferry.log") + " -jar " + jar("ferry.jar") + " --port " + daemon.port() + " tui";
        tmux = TmuxSession.start("ferry-refuse", 80, 24, work, ferry + "; echo \"ferry exited $?\"; sleep 60");
        tmux.awaitText(STARTUP, "A server seen for the first time", "  " + daemon.fingerprint(), "<Refuse>",
                "Esc refuses");
        tmux.press("Escape");
        String after = tmux.awaitText(STEP, "ferry exited 5");
        // the one line wraps at 80 columns
        assertThat(after).contains("ferry: refused 127.0.0.1:" + daemon.port() + ": fingerprint", "not trusted")
                .doesNotContain("A server seen for the first time");
        assertThat(work.resolve("config/ferry/known_servers")).doesNotExist();
    }

    static Path jar(String name) {
        String property = System.getProperty(name.equals("ferry.jar") ? "ferry.jar" : "ferryd.jar");
        Path jar = property != null ? Path.of(property)
                : Path.of(name.equals("ferry.jar") ? "target" : "../daemon/target", name);
        assertThat(jar).as("the runnable jar (built by mvn package)").isRegularFile();
        return jar.toAbsolutePath();
    }
}
