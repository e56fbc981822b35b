package dev.ferry.client.tui;

import dev.ferry.client.trust.ServerTrust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.daemon.testing.DaemonProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry shell} at a real terminal (tmux), the real jars: readline's keys edit the line, an
 * event arriving mid-line is printed above it without taking what was typed, Tab completes file
 * names, and history outlives the run, in $XDG_STATE_HOME/ferry/history.
 */
@Timeout(180)
class ShellInTmuxIT {
    static final Duration STARTUP = FerryInTmuxIT.STARTUP;
    static final Duration STEP = FerryInTmuxIT.STEP;

    @TempDir
    Path work;

    DaemonProcess daemon;
    TmuxSession tmux;
    String ferry;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(TmuxSession.installed(), "tmux is not installed (.ci/run installs it); skipping the tmux end-to-end check");
        Path repository = Files.createDirectories(work.resolve("repo"));
        Files.writeString(repository.resolve("sample.txt"), "hello\n", StandardCharsets.UTF_8);
        Files.writeString(repository.resolve("notes with spaces.txt"), "notes\n", StandardCharsets.UTF_8);
        daemon = DaemonProcess.startJar(FerryInTmuxIT.jar("ferryd.jar"), List.of("-XX:+UseSerialGC"), "--port", "0",
                "--repo", repository.toString(), "--log-file", work.resolve("ferryd.log").toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ferry = "XDG_STATE_HOME=" + work.resolve("state") + " " + java + " -XX:+UseSerialGC -Dferry.client.log="
                + work.resolve("ferry.log") + " -jar " + FerryInTmuxIT.jar("ferry.jar") + " --port " + daemon.port()
                + " --fingerprint " + daemon.fingerprint() + " shell";
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

    /** The line the cursor is on: the prompt and what is typed after it. */
    static String promptLine(String screen, String prompt) {
        List<String> lines = screen.lines().filter(line -> line.startsWith(prompt)).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }

    @Test
    void theShellEditsLikeReadlineKeepsTheLineUnderEventsCompletesAndRemembers() throws Exception {
        tmux = TmuxSession.start("ferry-shell", 100, 30, work, ferry + "; echo \"ferry exited $?\"; sleep 60");
        tmux.awaitText(STARTUP, "as Client01", "Client01>");

        tmux.type("hel");
        tmux.await("hel typed", STEP, screen -> promptLine(screen, "Client01>").equals("Client01> hel"));
        try (FerryClient other = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE)) {
            other.say("hi shell").get(10, TimeUnit.SECONDS);
            String screen = tmux.awaitText(STEP, "Client02: hi shell");
            assertThat(promptLine(screen, "Client01>")).as("the half-typed line, after the event").isEqualTo("Client01> hel");
            assertThat(screen.indexOf("Client02: hi shell")).isLessThan(screen.lastIndexOf("Client01> hel"));
        }

        tmux.press("C-u");
        tmux.type("hello wrld");
        tmux.press("Left", "Left", "Left");
        tmux.type("o");
        tmux.press("C-a");
        tmux.type("> ");
        tmux.press("Enter");
        String edited = tmux.awaitText(STEP, "> hello world ACK");
        assertThat(edited).doesNotContain("control characters", "^[[D");

        tmux.type("get sam");
        tmux.press("Tab");
        tmux.await("the name completed", STEP, screen -> promptLine(screen, "Client01>").equals("Client01> get sample.txt"));
        tmux.press("Enter");
        tmux.awaitText(STEP, "saved " + work.resolve("downloads/sample.txt"));

        tmux.type("get not");
        tmux.press("Tab");
        tmux.await("a name with spaces completed, quoted", STEP,
                screen -> promptLine(screen, "Client01>").equals("Client01> get 'notes with spaces.txt'"));
        tmux.press("Enter");
        tmux.awaitText(STEP, "saved " + work.resolve("downloads/notes with spaces.txt"));

        tmux.press("Up", "Up");
        tmux.await("history recalled", STEP, screen -> promptLine(screen, "Client01>").equals("Client01> get sample.txt"));
        tmux.press("C-u");
        tmux.type("exit");
        tmux.press("Enter");
        tmux.awaitText(STEP, "ferry exited 0");
        assertThat(Files.readAllLines(work.resolve("state/ferry/history")))
                .containsSubsequence("> hello world", "get sample.txt", "get 'notes with spaces.txt'", "exit");
        assertThat(Files.getPosixFilePermissions(work.resolve("state/ferry/history")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        tmux.close();

        tmux = TmuxSession.start("ferry-shell-again", 100, 30, work, ferry + "; echo \"ferry exited $?\"; sleep 60");
        tmux.awaitText(STARTUP, "as Client03", "Client03>");
        tmux.press("Up", "Up");
        tmux.await("the last run's lines", STEP,
                screen -> promptLine(screen, "Client03>").equals("Client03> get 'notes with spaces.txt'"));
    }
}
