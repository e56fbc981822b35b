package dev.ferry.client.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ferry.client.fake.FakeServer;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers as a user runs them, from another folder: scripts/ferryd start, status, logs and
 * stop around the real ferryd jar, and scripts/ferry against it. Runs after the jars are built.
 */
@Timeout(120)
class ScriptsIT {
    static final Path ROOT = projectRoot();

    @TempDir
    Path elsewhere;

    @TempDir
    Path run;

    @AfterEach
    void stopDaemon() throws Exception {
        script("ferryd", "stop");
    }

    @Test
    void ferrydStartsReportsStatusAndStopsGracefullyAndFerryWorksFromAnyFolder() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Path log = elsewhere.resolve("logs/ferryd.log");

        Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file", log.toString());
        assertThat(started.status()).isZero();
        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*fingerprint (SHA256:[A-Za-z0-9+/]{43})").matcher(started.out());
        assertThat(listening.find()).as(started.out()).isTrue();
        String port = listening.group(1);
        assertThat(started.out()).containsPattern("started: .* \\(pid \\d+\\)");

        assertThat(script("ferryd", "start").out()).startsWith("ferryd is already running (pid ");
        Result status = script("ferryd", "status");
        assertThat(status.status()).isZero();
        assertThat(status.out()).startsWith("ferryd is running (pid ");

        String fingerprint = listening.group(2);
        Result refused = script("ferry", "--port", port, "list");
        assertThat(refused.status()).as("an unknown server, no terminal").isEqualTo(5);
        assertThat(refused.err()).contains("an unknown server, fingerprint " + fingerprint);
        Result list = script("ferry", "--port", port, "--accept-new", "list"); // pins it in this test's folder
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("sample.txt", "large_file.txt");
        Result get = script("ferry", "--port", port, "get", "sample.txt");
        assertThat(get.status()).isZero();
        assertThat(elsewhere.resolve("downloads/sample.txt")).as("downloads land where ferry was run").hasContent("hello");

        assertThat(script("ferryd", "logs").out()).contains("Client01 connected from", "Client02 sent sample.txt: 6 bytes");

        long stopping = System.nanoTime();
        Result stopped = script("ferryd", "stop");
        long millis = (System.nanoTime() - stopping) / 1_000_000;
        assertThat(stopped.out()).startsWith("stopped (pid ");
        assertThat(Files.readString(log)).contains("shutting down:", "stopped in ");
        Result after = script("ferryd", "status");
        assertThat(after.status()).isEqualTo(3);
        assertThat(after.out()).isEqualTo("ferryd is not running\n");
        Figures.record("shutdown", "scripts/ferryd stop: graceful stop in " + millis + " ms (SIGTERM, wait for exit)");
    }

    @Test
    void aCommandThatGoesWellWritesNothingToStderrEvenWhileLoggingEveryDetail() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Path log = run.resolve("debug.log");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            String port = Integer.toString(daemon.port());
            // logging is set up on a second thread while the command line is parsed; a command
            // that logged before it was ready would make SLF4J warn on stderr that it replayed events
            for (int i = 0; i < 10; i++) {
                Result get = script(env -> env.put("FERRY_JAVA_OPTS", "-XX:+UseSerialGC -Dferry.client.log.level=DEBUG"
                        + " -Dferry.client.log=" + log), "ferry", "--port", port, "--fingerprint", daemon.fingerprint(),
                        "get", "--overwrite", "sample.txt");
                assertThat(get.status()).isZero();
                assertThat(get.out()).startsWith("verified  ").contains("sample.txt");
                assertThat(get.err()).isEmpty();
            }
        }
        assertThat(Files.readString(log)).contains("DEBUG");
    }

    @Test
    void aGetStoppedWithCtrlCSaysWhatItKeptAndExits130() throws Exception {
        // an ignored signal stays ignored across exec: under a build started in the background by
        // a non-interactive shell, the ferry this test starts would rightly ignore the SIGINT
        assumeFalse(Signals.ignored("INT"), "SIGINT is ignored by this build's process, so the ferry it starts ignores it too");
        try (FakeServer server = FakeServer.builder().software("stall/1").file("big.bin", new byte[10 << 20]).stallAt(1 << 20).start()) {
            Path err = run.resolve("get.stderr");
            // FERRY_CDS=off: the launcher execs java at once, so the signal reaches it
            Process get = builder(env -> env.put("FERRY_CDS", "off"), "ferry", "--port", Integer.toString(server.port()), "--no-tls",
                    "get", "big.bin", "-o", "dl")
                    .redirectOutput(run.resolve("get.stdout").toFile()).redirectError(err.toFile()).start();
            // the client grants more window only once a buffer is on disk and hashed
            assertThat(server.granted.await(60, TimeUnit.SECONDS)).as("the first MiB written").isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(get.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(get.waitFor(30, TimeUnit.SECONDS)).as("ferry ended by SIGINT").isTrue();

            assertThat(get.exitValue()).isEqualTo(130);
            Path part = elsewhere.resolve("dl/big.bin.part");
            assertThat(Files.readString(err)).isEqualTo("ferry: get big.bin: interrupted; " + part.toRealPath()
                    + " kept (1.0 MiB of 10.0 MiB), get it again to resume\n");
            assertThat(Files.size(part)).isEqualTo(1 << 20);
        }
    }

    @Test
    void aBadFlagFailsToStartWithOneLine() throws Exception {
        Result result = script("ferryd", "start", "--max-clients", "zero");
        assertThat(result.status()).isNotZero();
        assertThat(result.err()).contains("ferryd: Invalid value for option '--max-clients'").doesNotContain("\tat ");
        assertThat(script("ferryd", "status").status()).isEqualTo(3);
    }

    @Test
    void restartWithoutFlagsStartsAgainWithTheFlagsOfTheLastStart() throws Exception {
        Path repository = elsewhere.resolve("my files");
        TestDaemon.fill(repository);
        Path log = elsewhere.resolve("logs/ferryd.log");
        Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file",
                log.toString(), "--max-clients", "7");
        assertThat(started.out()).contains("(at most 7 clients); log: " + log);

        Result restarted = script("ferryd", "restart");
        assertThat(restarted.status()).as(restarted.err()).isZero();
        assertThat(restarted.out()).startsWith("stopped (pid ")
                .contains("serving " + repository.toAbsolutePath().normalize() + " (at most 7 clients); log: " + log);

        Result changed = script("ferryd", "restart", "--port", "0", "--repo", repository.toString(), "--log-file",
                log.toString(), "--max-clients", "5");
        assertThat(changed.out()).contains("(at most 5 clients)");
        assertThat(Files.readString(log)).contains("at most 7 clients", "at most 5 clients");
    }

    @Test
    void aPidFileNamingAnotherProcessIsNotTakenForFerrydAndThatProcessIsLeftAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(run.resolve("ferryd.pid"), sleeper.pid() + "\n");
            Result status = script("ferryd", "status");
            assertThat(status.status()).isEqualTo(3);
            assertThat(status.out()).isEqualTo("ferryd is not running\n");

            Result stopped = script("ferryd", "stop");
            assertThat(stopped.out()).contains("pid " + sleeper.pid() + ", which is not ferryd").endsWith("ferryd is not running\n");
            assertThat(sleeper.isAlive()).as("the unrelated process, after stop").isTrue();

            Files.writeString(run.resolve("ferryd.pid"), sleeper.pid() + "\n");
            Path repository = elsewhere.resolve("files");
            TestDaemon.fill(repository);
            Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file",
                    elsewhere.resolve("ferryd.log").toString());
            assertThat(started.status()).as(started.err()).isZero();
            assertThat(started.out()).contains("which is not ferryd").containsPattern("started: .* \\(pid \\d+\\)");
            assertThat(script("ferryd", "status").status()).isZero();
            assertThat(script("ferryd", "stop").out()).startsWith("stopped (pid ");
            assertThat(sleeper.isAlive()).as("the unrelated process, after a real stop").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void startAfterACrashUsesTheFlagsOfTheLastStartAndKeepsThemForTheNext() throws Exception {
        Path repository = elsewhere.resolve("my files");
        TestDaemon.fill(repository);
        Path log = elsewhere.resolve("logs/ferryd.log");
        Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file",
                log.toString(), "--max-clients", "7");
        assertThat(started.status()).as(started.err()).isZero();
        long pid = Long.parseLong(Files.readString(run.resolve("ferryd.pid")).strip());
        ProcessHandle crashed = ProcessHandle.of(pid).orElseThrow();
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor()).isZero();
        assertThat(crashed.onExit().get(15, TimeUnit.SECONDS).isAlive()).isFalse();

        Result again = script("ferryd", "start");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("had stopped without 'scripts/ferryd stop'", "starting with the last flags: --port 0")
                .contains("serving " + repository.toAbsolutePath().normalize() + " (at most 7 clients); log: " + log);

        Result restarted = script("ferryd", "restart");
        assertThat(restarted.out()).contains("serving " + repository.toAbsolutePath().normalize() + " (at most 7 clients)");
    }

    @Test
    void startPassesOnFerrydsOwnExitStatusAndHelpGoesToStdout() throws Exception {
        Result bogus = script("ferryd", "start", "--bogus");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.err()).contains("--bogus");

        Result help = script("ferryd", "start", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: ferryd");
        assertThat(help.err()).isEmpty();
        assertThat(script("ferryd", "status").status()).isEqualTo(3);
    }

    @Test
    void runStaysInTheForegroundAndStopsOnSigtermWithStatusZero() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Path log = elsewhere.resolve("ferryd.log");
        Process process = builder(env -> { }, "ferryd", "run", "--port", "0", "--repo", repository.toString(),
                "--log-file", log.toString()).redirectError(run.resolve("run.err").toFile()).start();
        try {
            Lines out = new Lines(process);
            assertThat(out.await("listening on")).startsWith("ferryd ").contains("serving " + repository.toAbsolutePath().normalize());
            assertThat(process.isAlive()).isTrue();
            assertThat(run.resolve("ferryd.pid")).as("a service manager keeps the pid, not the script").doesNotExist();

            process.destroy(); // SIGTERM, to java itself: the script exec'd it
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("ferryd stopped within 15 s").isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("shutting down:", "stopped in ");
        assertThat(Files.readString(run.resolve("run.err"))).isEmpty();
    }

    @Test
    void logsShowsTheLastHundredLinesOfTheLogAndFollowsItWithDashF() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Path log = elsewhere.resolve("logs/ferryd.log");
        Files.createDirectories(log.getParent());
        StringBuilder old = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            old.append("old line ").append(i).append('\n');
        }
        Files.writeString(log, old);
        Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file",
                log.toString());
        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*fingerprint (SHA256:[A-Za-z0-9+/]{43})").matcher(started.out());
        assertThat(listening.find()).as(started.out()).isTrue();

        List<String> shown = script("ferryd", "logs").out().lines().toList();
        assertThat(shown).hasSize(100);
        assertThat(shown.subList(shown.size() - 10, shown.size())).as("the start's own lines, last")
                .anyMatch(line -> line.contains("listening on"));
        assertThat(shown).doesNotContain("old line 1", "old line 50").contains("old line 150");

        Process follow = builder(env -> { }, "ferryd", "logs", "-f").start();
        try {
            Lines followed = new Lines(follow);
            followed.await("listening on");
            int port = Integer.parseInt(listening.group(1));
            try (RawClient client = RawClient.admitted(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(followed.await("connected from")).contains(client.welcome().clientName() + " connected from");
            }
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpPrintsExactlyTheHeaderCommentAndAnUnknownCommandIsAUsageError() throws Exception {
        StringBuilder header = new StringBuilder();
        List<String> script = Files.readAllLines(ROOT.resolve("scripts/ferryd"));
        for (String line : script.subList(1, script.size())) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line.replaceFirst("^# ?", "")).append('\n');
        }
        assertThat(header.toString()).startsWith("ferryd: start, stop and inspect").doesNotContain("set -euo", "source");

        Result help = script("ferryd", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).isEqualTo(header.toString());
        assertThat(help.err()).isEmpty();

        Result bogus = script("ferryd", "bogus");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.out()).isEmpty();
        assertThat(bogus.err()).isEqualTo("ferryd: unknown command 'bogus'\n" + header);
    }

    @Test
    void underTheCLocaleTheLaunchersRunJavaInUtf8SoNamesOutsideAsciiWork() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Files.writeString(repository.resolve("café menu.txt"), "soupe du jour\n", StandardCharsets.UTF_8);
        Result started = script(onlyLocale("C"), "ferryd", "start", "--port", "0", "--repo", repository.toString(),
                "--log-file", elsewhere.resolve("ferryd.log").toString());
        assertThat(started.status()).as(started.err()).isZero();
        assertThat(started.err()).isEmpty();
        assertThat(Files.readString(run.resolve("ferryd.out"))).doesNotContain("warning");
        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*fingerprint (SHA256:[A-Za-z0-9+/]{43})").matcher(started.out());
        assertThat(listening.find()).as(started.out()).isTrue();
        String port = listening.group(1);

        Result list = script(onlyLocale("C"), "ferry", "--port", port, "--accept-new", "list");
        assertThat(list.out()).contains("café menu.txt");
        Result get = script(onlyLocale(null), "ferry", "--port", port, "get", "café menu.txt");
        assertThat(get.status()).as(get.err()).isZero();
        assertThat(elsewhere.resolve("downloads/café menu.txt")).hasContent("soupe du jour");
    }

    @Test
    void theLocaleHelperSwitchesOnlyFromAsciiAndOnlyTheCharacterTypeWhenItCan() throws Exception {
        String show = "source '" + ROOT.resolve("scripts/lib.sh") + "'; ferry_utf8_locale;"
                + " echo \"${LC_ALL-unset} ${LC_CTYPE-unset} $(locale charmap)\"";
        assertThat(bash(onlyLocale("C"), show).out()).isEqualTo("C.UTF-8 unset UTF-8\n");
        assertThat(bash(env -> { onlyLocale(null).accept(env); env.put("LANG", "C"); }, show).out())
                .isEqualTo("unset C.UTF-8 UTF-8\n");
        assertThat(bash(env -> { onlyLocale(null).accept(env); env.put("LANG", "C.UTF-8"); }, show).out())
                .as("a UTF-8 locale is left alone").isEqualTo("unset unset UTF-8\n");
    }

    @Test
    void anInvitationFromScriptsFerrydIsJoinedThroughScriptsFerryAndTheKeyIsFoundFromThenOn() throws Exception {
        Path repository = elsewhere.resolve("files");
        TestDaemon.fill(repository);
        Path state = elsewhere.resolve("state");
        Consumer<Map<String, String>> user = env -> env.put("XDG_CONFIG_HOME", elsewhere.resolve("config").toString());
        Result started = script("ferryd", "start", "--port", "0", "--repo", repository.toString(), "--log-file",
                elsewhere.resolve("ferryd.log").toString(), "--auth", "keys", "--state-dir", state.toString());
        assertThat(started.status()).as(started.err()).isZero();
        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ").matcher(started.out());
        assertThat(listening.find()).as(started.out()).isTrue();
        String port = listening.group(1);
        assertThat(script(user, "ferry", "--port", port, "list").status()).as("no key yet").isEqualTo(5);

        Result joined = bash(user, ROOT.resolve("scripts/ferryd") + " invite --label alice --state-dir " + state
                + " | " + ROOT.resolve("scripts/ferry") + " join");
        assertThat(joined.status()).as(joined.err()).isZero();
        assertThat(joined.out()).startsWith("joined 127.0.0.1:" + port + " (welcomed as Client01, read only)");
        assertThat(joined.err()).startsWith("ferryd invite: key ").contains(" for alice (read, never expires)");

        Result list = script(user, "ferry", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("sample.txt");
        Result keys = script("ferryd", "keys", "--state-dir", state.toString());
        assertThat(keys.out()).containsPattern("(?m)^[0-9a-f]{8}  alice .* read .* never +active$");

        assertThat(script("ferryd", "revoke", "alice", "--state-dir", state.toString()).out()).contains("(alice)");
        Result refused = script(user, "ferry", "list");
        assertThat(refused.status()).isEqualTo(5);
        assertThat(refused.err()).contains("your access key 'alice' was revoked");
    }

    record Result(int status, String out, String err) {}

    private Result script(String name, String... args) throws IOException, InterruptedException {
        return script(env -> { }, name, args);
    }

    private Result script(Consumer<Map<String, String>> environment, String name, String... args)
            throws IOException, InterruptedException {
        return finish(builder(environment, name, args), name + " " + String.join(" ", args));
    }

    /** Runs {@code code} with bash, in the same surroundings as the launchers. */
    private Result bash(Consumer<Map<String, String>> environment, String code) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", code).directory(elsewhere.toFile());
        environment.accept(builder.environment());
        return finish(builder, "bash -c " + code);
    }

    private Result finish(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        String name = builder.command().get(0).replaceFirst(".*/", "");
        // not NAME.out: scripts/ferryd keeps the daemon's console in run/ferryd.out
        Path out = run.resolve(name + ".stdout");
        Path err = run.resolve(name + ".stderr");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A launcher run from {@link #elsewhere}, with its run folder in {@link #run}. */
    private ProcessBuilder builder(Consumer<Map<String, String>> environment, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile());
        Map<String, String> env = builder.environment();
        env.put("FERRYD_RUN_DIR", run.toString());
        // the daemon's key and the client's pins in this test's folder, not the user's
        env.put("XDG_STATE_HOME", run.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", run.resolve("config").toString());
        env.put("FERRY_JAVA_OPTS", "-XX:+UseSerialGC -Dferry.client.log=" + run.resolve("ferry.log"));
        environment.accept(env);
        return builder;
    }

    /** Drops every locale setting and sets LC_ALL to {@code locale}, as a bare service manager would. */
    static Consumer<Map<String, String>> onlyLocale(String locale) {
        return env -> {
            env.keySet().removeIf(key -> key.equals("LANG") || key.equals("LANGUAGE") || key.startsWith("LC_"));
            if (locale != null) {
                env.put("LC_ALL", locale);
            }
        };
    }

    /** A line-by-line reader of a process's stdout on a thread of its own, so reads can time out. */
    static final class Lines {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Lines(Process process) {
            Thread pump = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "script-output");
            pump.setDaemon(true);
            pump.start();
        }

        /** The next line that contains {@code text}, skipping others; fails after 20 s. */
        String await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (;;) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line with '" + text + "' within 20 s");
                }
                if (line.contains(text)) {
                    return line;
                }
            }
        }
    }

    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("scripts")) ? here : here.getParent();
    }
}
