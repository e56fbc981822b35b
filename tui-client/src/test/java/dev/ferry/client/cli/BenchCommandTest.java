package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry bench}, run in this JVM against an in-process daemon with small counts: each
 * scenario does what it says and reports it, counts what fails, and leaves nothing behind. The
 * figures themselves are for scripts/bench.sh; here only their presence and the counts matter.
 */
@Timeout(120)
class BenchCommandTest {

    @TempDir
    Path repository;

    @TempDir
    Path scratch;

    TestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private Map<String, String> bench(String... args) {
        CommandRun run = run(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        Map<String, String> figures = new HashMap<>();
        for (String line : run.out().split("\n")) {
            String[] fields = line.split("\t");
            assertThat(fields).as("metric, value and unit: %s", line).hasSize(3);
            figures.put(fields[0], fields[1]);
        }
        return figures;
    }

    private CommandRun run(String... args) {
        String[] all = Stream.concat(Stream.of("--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "bench"), Stream.of(args))
                .toArray(String[]::new);
        return CommandRun.of(all);
    }

    @Test
    void smallTimesTheGetsAskedForAndRemovesWhatItFetched() throws Exception {
        daemon = TestDaemon.start(repository);
        Map<String, String> figures = bench("small", "--file", "sample.txt", "-n", "20", "--warm-up", "5",
                "--tsv", "-o", scratch.toString());
        assertThat(figures).containsEntry("small.requests", "20").containsEntry("small.warm_up", "5");
        assertThat(Double.parseDouble(figures.get("small.per_request_mean"))).isPositive();
        assertThat(Double.parseDouble(figures.get("small.per_request_p99")))
                .isGreaterThanOrEqualTo(Double.parseDouble(figures.get("small.per_request_p50")));
        // a second run in the same folder works too: each run has folders of its own
        assertThat(bench("small", "--file", "sample.txt", "-n", "3", "--warm-up", "0", "--tsv", "-o", scratch.toString()))
                .containsEntry("small.requests", "3");
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("what the runs fetched").isEmpty();
        }
    }

    @Test
    void scaleConnectsEveryClientAndEachListsAndPings() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.maxClients(20));
        Map<String, String> figures = bench("scale", "--clients", "12", "--connect-threads", "4", "--tsv");
        assertThat(figures).containsEntry("scale.clients_connected", "12").containsEntry("scale.errors", "0");
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(30))).as("every client gone after").isTrue();
        assertThat(daemon.daemon().context().registry().connected()).isZero();
    }

    @Test
    void scaleCountsEachClientTheServerRefusedAsOneError() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.maxClients(3));
        Map<String, String> figures = bench("scale", "--clients", "5", "--connect-threads", "5", "--tsv");
        assertThat(figures).containsEntry("scale.clients_connected", "3").containsEntry("scale.errors", "2");
    }

    @Test
    void pingAndFairReportTheirFigures() throws Exception {
        daemon = TestDaemon.start(repository);
        Map<String, String> ping = bench("ping", "--file", "large_file.txt", "--load", "2", "-n", "20", "--tsv");
        assertThat(ping).containsKeys("ping.idle_p50", "ping.idle_p99", "ping.idle_max").containsEntry("ping.loaded_downloads", "2");
        assertThat(Double.parseDouble(ping.get("ping.idle_max")))
                .isGreaterThanOrEqualTo(Double.parseDouble(ping.get("ping.idle_p99")));

        Map<String, String> fair = bench("fair", "--file", "large_file.txt", "--clients", "2", "--tsv");
        assertThat(fair).containsKeys("fair.single_client", "fair.client1", "fair.client2", "fair.aggregate",
                "fair.largest_deviation_from_mean");
        assertThat(fair).doesNotContainKey("fair.client3");
    }

    @Test
    void aServerThatIsNotThereIsOneLineAndExitFour() throws IOException {
        daemon = TestDaemon.start(repository);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CommandRun run = CommandRun.of("--port", Integer.toString(closedPort), "bench", "small", "--file", "sample.txt");
        assertThat(run.status()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("ferry: ").doesNotContain("Exception");
        assertThat(List.of(run.out())).containsExactly("");
    }
}
