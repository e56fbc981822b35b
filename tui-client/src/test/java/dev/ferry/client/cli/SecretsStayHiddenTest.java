package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeyRing;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.session.Session;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Invitation;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A joined client in routine use, run as its own process: the access key's secret is in no
 * process's command line ({@code ps}), in neither side's log, and in nothing the client prints.
 */
@Timeout(120)
class SecretsStayHiddenTest {
    @TempDir
    Path repository;

    @TempDir
    Path home;

    @Test
    void aJoinedClientsSecretIsNeverInPsNorInALog() throws Exception {
        List<Logged> logs = List.of(Logged.from(Session.class), Logged.from(KeyRing.class));
        try (TestDaemon daemon = TestDaemon.start(repository, b -> b.auth(AuthMode.KEYS))) {
            String secret = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), Clock.systemUTC())
                    .create("erin", false, null).secret();
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString());
            String invitation = new Invitation("127.0.0.1", daemon.port(), daemon.fingerprint(), secret).text();
            assertThat(CommandRun.withEnv(env, invitation + "\n", "join").status()).isZero();

            Path clientLog = home.resolve("ferry.log");
            Process ferry = shell(env, clientLog);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> pump(ferry, lines), "ferry-stdout");
            pump.setDaemon(true);
            pump.start();
            try {
                String first = lines.poll(60, TimeUnit.SECONDS);
                assertThat(first).as("the shell's greeting").startsWith("Connected to 127.0.0.1:" + daemon.port() + " as ");

                // while it is connected: every command line on the machine, as ps shows them
                String ps = run("ps", "-eo", "pid,args");
                assertThat(ps).contains(Long.toString(ferry.pid())).doesNotContain(secret);
                String cmdline = Files.readString(Path.of("/proc/" + ferry.pid() + "/cmdline"), StandardCharsets.ISO_8859_1);
                assertThat(cmdline).contains("shell").doesNotContain(secret);

                OutputStream stdin = ferry.getOutputStream();
                stdin.write("status\nexit\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                assertThat(ferry.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                ferry.destroyForcibly();
            }
            pump.join(10_000);
            assertThat(String.join("\n", lines)).contains("(erin)").doesNotContain(secret);
            assertThat(Files.readString(clientLog, StandardCharsets.UTF_8)).contains("connected to").doesNotContain(secret);
            String daemonLog = logs.stream().flatMap(l -> l.lines().stream()).collect(Collectors.joining("\n"));
            assertThat(daemonLog).contains("with key").doesNotContain(secret);
        } finally {
            logs.forEach(Logged::stop);
        }
    }

    /** {@code ferry shell} as its own JVM, on the main classes only (no test logging set-up), logging in detail to {@code log}. */
    private static Process shell(Map<String, String> env, Path log) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar")).collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "-Dferry.client.log=" + log, "-Dferry.client.log.level=DEBUG",
                "dev.ferry.client.cli.FerryCommand", "shell", "-o", log.resolveSibling("downloads").toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        return builder.start();
    }

    private static void pump(Process process, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
