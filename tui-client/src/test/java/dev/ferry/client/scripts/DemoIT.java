package dev.ferry.client.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.client.tui.ScreenCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/demo.sh as a new user runs it, detached (not from a terminal), in a tmux server of its
 * own (TMUX_TMPDIR points tmux at a private socket folder), on a free port: three named clients,
 * each readable in a window of its own, and a fourth refused because the server is full; Client02
 * uploads a file that Client01 sees appear and downloads; ending the session stops the daemon. Runs after the jars are built; skipped only where tmux is missing.
 */
@Timeout(240)
class DemoIT {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path work;

    Path sockets;
    Path temp;

    @BeforeEach
    void needTmux() throws Exception {
        assumeTrue(run(List.of("tmux", "-V"), Map.of()).status() == 0, "tmux is not installed; skipping the demo check");
        sockets = Files.createDirectories(work.resolve("tmux"));
        temp = Files.createDirectories(work.resolve("tmp"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        Optional<Path> socket = socket();
        if (socket.isPresent()) {
            run(List.of("tmux", "-S", socket.get().toString(), "kill-server"), Map.of());
        }
        for (Path demo : demoFolders()) {
            run(List.of(ROOT.resolve("scripts/ferryd").toString(), "stop"), Map.of("FERRYD_RUN_DIR", demo.toString()));
        }
    }

    @Test
    void theDemoGivesEachOfThreeClientsAWindowShowsTheFourthRefusedAndStopsTheDaemonWithTheSession() throws Exception {
        Result demo = demo(Map.of());
        assertThat(demo.status()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("a window for each of three clients", "Ctrl-b n", "tmux attach -t ferry-demo");
        long daemon = daemonPid();

        assertThat(tmux("list-windows", "-t", "ferry-demo", "-F", "#W").lines().toList())
                .containsExactly("Client01", "Client02", "Client03", "ferryd");
        assertThat(tmux("show-options", "-t", "ferry-demo", "status-right")).contains("Ctrl-b n: next window");
        for (String client : List.of("Client01", "Client02", "Client03")) {
            String target = "ferry-demo:" + client;
            // Client02's focus stays in Local, where its upload went from; the others are back in Files.
            // The demo's last keys (Escape after Client01's get) may still be on their way: wait for them.
            // At 80 columns the address column gives way to whole file names.
            List<String> focused = List.of(client + " on 127.0.0.1:", client.equals("Client02") ? "[ Local ]" : "[ Files ]",
                    "sample.txt", client + ">", "q quit");
            String screen = await(target, "its own row, the two others and " + focused, text ->
                    text.matches("(?s).*[║│]" + client + " +(127\\.0\\.0\\.1:\\d+ +)?\\d\\d:\\d\\d:\\d\\d +connected \\(you\\).*")
                            && text.matches("(?s).*[─═] 3 connected [─═].*")
                            && focused.stream().allMatch(text::contains));
            int columns = Integer.parseInt(tmux("display-message", "-p", "-t", target, "#{pane_width}").strip());
            int rows = Integer.parseInt(tmux("display-message", "-p", "-t", target, "#{pane_height}").strip());
            assertThat(columns).as("the client's width").isGreaterThanOrEqualTo(80);
            assertThat(ScreenCheck.problems(screen, columns, rows)).as(client + "'s screen:\n" + screen).isEmpty();
        }
        String fourth = await("ferry-demo:ferryd.1", "the fourth client's refusal",
                text -> text.contains("ferry exited with status 3"));
        assertThat(fourth.replace("\n", "")).contains("A fourth client, while three are connected:",
                "server full: 3 of 3 clients are connected");

        // Client02 uploaded a file from its Local pane; Client01 saw it appear and downloaded it
        assertThat(demo.out()).contains("Client02 uploaded welcome-from-Client02.txt from its Local pane");
        await("ferry-demo:Client02", "the upload verified", text -> text.contains("↑ welcome-from-Client02.txt  verified"));
        String downloader = await("ferry-demo:Client01", "the upload announced and downloaded",
                text -> text.contains("* Client02 uploaded") && text.contains("welcome-from-Client02.txt (89 B)")
                        && text.contains("welcome-from-Client02.txt  verified"));
        assertThat(downloader).contains("Client01> get welcome-from-Client02.txt");
        Path demoFolder = demoFolders().get(0);
        assertThat(demoFolder.resolve("client1/downloads/welcome-from-Client02.txt"))
                .hasSameTextualContentAs(demoFolder.resolve("client2/welcome-from-Client02.txt"))
                .hasSameTextualContentAs(demoFolder.resolve("files/welcome-from-Client02.txt"));
        assertThat(ROOT.resolve("files/welcome-from-Client02.txt")).as("nothing lands in the source tree").doesNotExist();
        assertThat(await("ferry-demo:ferryd.0", "the refusal in the log", text -> text.contains("refused"))
                .replace("\n", "")).contains("refused: server full");

        tmux("kill-session", "-t", "ferry-demo");
        awaitGone(daemon);
        assertThat(demoFolders()).as("the demo's folder, removed with the daemon").isEmpty();
    }

    @Test
    void onAWideScreenTheThreeClientsSitSideBySideWithTheRefusalUnderThem() throws Exception {
        Result demo = demo(Map.of("FERRY_DEMO_LAYOUT", "side"));
        assertThat(demo.status()).as(demo.out() + demo.err()).isZero();
        long daemon = daemonPid();

        assertThat(tmux("list-panes", "-t", "ferry-demo:ferry", "-F", "#{pane_title} #{pane_width}x#{pane_height}")
                .lines().toList()).hasSize(5).allSatisfy(pane -> {
                    int rows = Integer.parseInt(pane.replaceAll(".* \\d+x(\\d+)$", "$1"));
                    assertThat(rows).as("rows of " + pane).isGreaterThanOrEqualTo(pane.startsWith("Client") ? 24 : 9);
                });
        for (int pane = 0; pane < 3; pane++) {
            String target = "ferry-demo:ferry." + pane;
            String title = tmux("display-message", "-p", "-t", target, "#{pane_title}").strip();
            assertThat(title).matches("Client0[123]");
            await(target, title + "'s own row", text -> text.contains(title + " on 127.0.0.1")
                    && text.matches("(?s).*" + title + " +(127\\.0\\.0\\.1:\\d+ +)?\\d\\d:\\d\\d:\\d\\d +connected \\(you\\).*"));
        }
        await("ferry-demo:ferry.4", "the fourth client's refusal", text -> text.contains("ferry exited with status 3"));

        tmux("kill-session", "-t", "ferry-demo");
        awaitGone(daemon);
    }

    // ----------------------------------------------------------------- helpers

    record Result(int status, String out, String err) {}

    private Result demo(Map<String, String> extra) throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TMUX_TMPDIR", sockets.toString(),
                "TMPDIR", temp.toString(),
                "FERRY_PORT", "0"));
        env.putAll(extra);
        return run(List.of(ROOT.resolve("scripts/demo.sh").toString()), env);
    }

    private long daemonPid() throws IOException {
        List<Path> folders = demoFolders();
        assertThat(folders).hasSize(1);
        return Long.parseLong(Files.readString(folders.get(0).resolve("ferryd.pid")).strip());
    }

    private List<Path> demoFolders() throws IOException {
        try (Stream<Path> list = Files.list(temp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("ferry-demo.")).toList();
        }
    }

    private Optional<Path> socket() throws IOException {
        if (sockets == null || !Files.isDirectory(sockets)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(sockets)) {
            return list.map(dir -> dir.resolve("default")).filter(Files::exists).findFirst();
        }
    }

    /** Waits (polling, to a deadline) for a pane to show {@code what}; returns its text. */
    private String await(String target, String what, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last = tmux("capture-pane", "-p", "-t", target);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("waited " + SETTLE.toSeconds() + " s for " + target + " to show " + what + "; it showed:\n" + last);
            }
            LockSupport.parkNanos(POLL.toNanos());
            last = tmux("capture-pane", "-p", "-t", target);
        }
        return last;
    }

    /** Waits for the daemon's process to end after the session did. */
    private static void awaitGone(long pid) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                fail("ferryd (pid " + pid + ") still runs " + SETTLE.toSeconds() + " s after the demo's session ended");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        Path socket = socket().orElseThrow(() -> new AssertionError("the demo started no tmux server in " + sockets));
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        Result result = run(command, Map.of());
        if (result.status() != 0) {
            fail(String.join(" ", command) + " failed: " + result.err());
        }
        return result.out();
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().remove("TMUX");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 150 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
