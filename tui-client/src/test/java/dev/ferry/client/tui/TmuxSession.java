package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A program running in its own detached tmux server (a private socket, so nothing touches the
 * user's tmux), driven with send-keys and read back with capture-pane. The screen belongs to
 * another process, so waiting means polling capture-pane, with a short pause between polls and a
 * deadline on the whole.
 */
final class TmuxSession implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration COMMAND = Duration.ofSeconds(10);

    private final String socket;
    private final String target;
    /** The server's socket file, which kill-server leaves behind. */
    private Path socketFile;

    private TmuxSession(String socket, String target) {
        this.socket = socket;
        this.target = target;
    }

    /** True if a tmux binary answers {@code tmux -V}. */
    static boolean installed() {
        try {
            Process probe = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@code shellCommand} in a new detached session of {@code columns} x {@code rows}, with
     * TERM=xterm-256color (set in the command, as tmux before 3.1 has no {@code new-session -e}).
     */
    static TmuxSession start(String name, int columns, int rows, Path directory, String shellCommand)
            throws IOException, InterruptedException {
        String socket = name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        TmuxSession session = new TmuxSession(socket, name);
        session.tmux("new-session", "-d", "-s", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                "-c", directory.toString(), "export TERM=xterm-256color; " + shellCommand);
        session.socketFile = Path.of(session.tmux("display-message", "-p", "#{socket_path}").strip());
        return session;
    }

    /** Presses keys, in tmux's names: {@code Enter}, {@code Tab}, {@code Down}, {@code F1}, {@code q}. */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", target));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types text as it is, without tmux reading key names in it. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", target, "-l", text);
    }

    /** The visible screen as text. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", target);
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        tmux("resize-window", "-t", target, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** Polls the screen until it satisfies {@code condition}, or fails at the deadline showing it. */
    String await(String what, Duration timeout, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = screen();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for " + what + "; the screen was:\n" + last);
            }
            LockSupport.parkNanos(POLL.toNanos());
            last = screen();
        }
        return last;
    }

    String awaitText(Duration timeout, String... texts) throws IOException, InterruptedException {
        return await("the screen to show " + String.join(", ", texts), timeout, screen -> {
            for (String text : texts) {
                if (!screen.contains(text)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Ends the tmux server and everything running in it, and removes its socket file. */
    @Override
    public void close() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start();
        kill.getInputStream().readAllBytes();
        kill.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS);
        if (socketFile != null) {
            Files.deleteIfExists(socketFile);
        }
    }

    /** The server's socket file; gone once closed. */
    Path socketFile() {
        return socketFile;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().remove("TMUX");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0) {
            fail("tmux " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
