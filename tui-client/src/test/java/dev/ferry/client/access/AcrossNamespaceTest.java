package dev.ferry.client.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.cli.CommandRun;
import dev.ferry.daemon.FerrydCommand;
import dev.ferry.daemon.testing.NetworkNamespace;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Invitation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ferry off loopback, as its users meet it: ferryd in a network namespace of the test's own,
 * listening on the namespace's address with access keys required (the default there), and a
 * client on this side of a veth pair that is invited, joins, lists, gets, and is shut out once its
 * key is revoked. Skipped, with the reason, where no namespace can be made (not root, no iproute2).
 */
@Timeout(180)
class AcrossNamespaceTest {
    @TempDir
    Path dir;

    @Test
    void aClientInvitedAcrossANetworkJoinsListsAndGetsAndIsShutOutOnceRevoked() throws Exception {
        NetworkNamespace namespace;
        try {
            namespace = NetworkNamespace.create();
        } catch (NetworkNamespace.Unavailable e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path state = dir.resolve("state");
        Process ferryd = null;
        try (namespace) {
            ferryd = new ProcessBuilder(namespace.command(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FerrydCommand.class.getName(),
                    "--host", NetworkNamespace.INSIDE, "--port", "0", "--repo", repository.toString(),
                    "--log-file", dir.resolve("ferryd.log").toString(), "--state-dir", state.toString())))
                    .redirectErrorStream(true).start();
            String listening = awaitLine(ferryd, Pattern.compile("listening on " + Pattern.quote(NetworkNamespace.INSIDE) + ":(\\d+)"));
            Matcher port = Pattern.compile(":(\\d+)").matcher(listening.substring(listening.indexOf("listening on")));
            assertThat(port.find()).isTrue();
            String address = NetworkNamespace.INSIDE + ":" + port.group(1);

            String invitation = ferrydCommand("invite", "--label", "alice", "--state-dir", state.toString());
            assertThat(invitation).startsWith("ferry://" + address + "/#");

            Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString());
            // a client that knows the server by its fingerprint but has no key
            List<String> keyless = new ArrayList<>(List.of("--host", NetworkNamespace.INSIDE, "--port", port.group(1)));
            String fingerprint = Invitation.parse(invitation).fingerprint();
            assertThat(fingerprint).as("ferryd speaks TLS beyond loopback: the invitation vouches for its key").startsWith("SHA256:");
            keyless.addAll(List.of("--fingerprint", fingerprint));
            keyless.add("list");
            CommandRun anonymous = CommandRun.withEnv(Map.of("HOME", dir.toString()), "", keyless.toArray(String[]::new));
            assertThat(anonymous.status()).as(anonymous.err()).isEqualTo(5);
            assertThat(anonymous.err()).contains("this server needs an access key");

            CommandRun joined = CommandRun.withEnv(env, invitation + "\n", "join");
            assertThat(joined.status()).as(joined.err()).isZero();
            assertThat(joined.out()).startsWith("joined " + address + " (welcomed as Client01, read only)");

            CommandRun list = CommandRun.withEnv(env, "", "list");
            assertThat(list.status()).as(list.err()).isZero();
            assertThat(list.out()).contains("large_file.txt", "sample.txt", "test1.txt");

            Path downloads = dir.resolve("downloads");
            CommandRun get = CommandRun.withEnv(env, "", "get", "large_file.txt", "-o", downloads.toString());
            assertThat(get.status()).as(get.err()).isZero();
            assertThat(Files.mismatch(downloads.resolve("large_file.txt"), repository.resolve("large_file.txt"))).isEqualTo(-1);

            CommandRun status = CommandRun.withEnv(env, "", "status");
            assertThat(status.out()).contains("Client04 (alice)", NetworkNamespace.OUTSIDE);

            ferrydCommand("revoke", "alice", "--state-dir", state.toString());
            CommandRun refused = CommandRun.withEnv(env, "", "list");
            assertThat(refused.status()).isEqualTo(5);
            assertThat(refused.err()).contains("your access key 'alice' was revoked");
        } finally {
            if (ferryd != null) {
                ferryd.destroy();
                if (!ferryd.waitFor(15, TimeUnit.SECONDS)) {
                    ferryd.destroyForcibly();
                }
            }
        }
    }

    /** Runs a ferryd subcommand in this JVM; returns what it printed on stdout. */
    private static String ferrydCommand(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FerrydCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(err.toString()).isZero();
        return out.toString().strip();
    }

    /** The first line of the process's output that matches, within 60 s. */
    private static String awaitLine(Process process, Pattern pattern) throws Exception {
        CompletableFuture<String> found = new CompletableFuture<>();
        List<String> seen = new ArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    if (pattern.matcher(line).find()) {
                        found.complete(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
            found.completeExceptionally(new AssertionError("ferryd ended without saying it listens: " + seen));
        }, "ferryd-output");
        pump.setDaemon(true);
        pump.start();
        return found.get(60, TimeUnit.SECONDS);
    }
}
