package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.ferry.daemon.testing.DaemonProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(30)
class FerrydCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = FerrydCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anUnknownFlagIsAUsageErrorInOneLine() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ferryd: Unknown option: '--frobnicate'\nTry 'ferryd --help' for the flags.\n");
    }

    @Test
    void aWordTooManyIsNamedNotCountedByIndex() {
        assertThat(run("--port", "0", "extra")).isEqualTo(2);
        assertThat(run("fingerprint", "extra")).isEqualTo(2);
        assertThat(run("keys", "a", "b")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("index").isEqualTo(
                "ferryd: unknown command: 'extra' (commands: " + String.join(", ", FerrydCommand.commandLine().getSubcommands().keySet())
                        + ")\nTry 'ferryd --help' for the flags.\n"
                + "ferryd: unexpected argument for ferryd fingerprint: 'extra'\nTry 'ferryd fingerprint --help' for the flags.\n"
                + "ferryd: unexpected argument for ferryd keys: 'a'\nTry 'ferryd keys --help' for the flags.\n");
    }

    @Test
    void aBadValueIsAUsageError() {
        assertThat(run("--port", "seventy")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ferryd: Invalid value for option '--port': 'seventy' is not an int");
        assertThat(run("--max-clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: max clients must be at least 1, not 0");
    }

    @Test
    void aMissingRepositoryIsOneLineAndExitOne() {
        assertThat(run("--repo", dir.resolve("nowhere").toString(), "--port", "0",
                "--log-file", dir.resolve("log/ferryd.log").toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: repository " + dir.resolve("nowhere") + " does not exist\n");
    }

    @Test
    void aFileGivenAsRepositoryIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThat(run("--repo", file.toString(), "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: repository " + file + " is not a folder\n");
    }

    @Test
    void aPortInUseIsOneLineAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("--repo", dir.toString(), "--port", Integer.toString(port),
                    "--log-file", dir.resolve("log/ferryd.log").toString())).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("ferryd: cannot listen on 127.0.0.1:" + port
                    + ": Address already in use (is another ferryd running?)\n");
        }
    }

    @Test
    void aLogFileThatIsAFolderIsOneLineAndExitOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ferryd.log"));
        assertThat(run("--repo", dir.toString(), "--port", "0", "--log-file", folder.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: cannot open log file " + folder + ": is a folder\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aFileInTheWayOfTheLogFolderIsOneLineAndExitOne() throws Exception {
        Path file = Files.writeString(dir.resolve("logs"), "not a folder");
        assertThat(run("--repo", dir.toString(), "--port", "0", "--log-file", file.resolve("ferryd.log").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: cannot create log folder " + file.toAbsolutePath()
                + ": a file of that name is in the way\n");
    }

    @Test
    void aLogFolderTheFileSystemRefusesSaysWhyNotJustWhere() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        assertThat(run("--repo", dir.toString(), "--port", "0", "--log-file", "/proc/x/y.log")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: cannot create log folder /proc/x: the file system there does not allow it\n");
        err.getBuffer().setLength(0);
        assertThat(run("--repo", dir.toString(), "--port", "0", "--log-file", "/proc/y.log")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferryd: cannot open log file /proc/y.log: the file system there does not allow it\n");
    }

    @Test
    void aLogFileThatCannotBeOpenedStopsTheRealProcessWithOneLineAndNoLogbackStatus() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ferryd.log"));
        DaemonProcess.Finished finished = DaemonProcess.run(Duration.ofSeconds(20), "--repo", dir.toString(),
                "--port", "0", "--log-file", folder.toString());
        assertThat(finished.status()).isEqualTo(1);
        assertThat(finished.output()).isEqualTo("ferryd: cannot open log file " + folder + ": is a folder\n");
    }

    @Test
    void logbackErrorsWithTheShippedConfigurationBecomeOneLine() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ferryd.log"));
        LoggerContext context = new LoggerContext();
        context.putProperty("ferry.log.file", folder.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource(DaemonLogging.CONFIGURATION));
        try {
            assertThat(DaemonLogging.errors(context, folder)).contains(
                    "cannot write the log to " + folder + ": " + folder + " (Is a directory)");
        } finally {
            context.stop();
        }
    }

    @Test
    void theShippedConfigurationWritesTimestampedUtf8LinesToTheLogFile() throws Exception {
        Path log = dir.resolve("logs/ferryd.log");
        assertThat(DaemonLogging.checkWritable(log)).isEmpty();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J would give the context it makes
        context.putProperty("ferry.log.file", log.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource(DaemonLogging.CONFIGURATION));
        assertThat(DaemonLogging.errors(context, log)).isEmpty();
        context.getLogger("dev.ferry.daemon.Ferryd").info("Client01 sent café menu.txt");
        context.stop();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+\\] Ferryd: Client01 sent café menu.txt\n");
    }

    @Test
    void sigtermIsAGracefulStopWithExitStatusZero() throws Exception {
        Path log = dir.resolve("logs/ferryd.log");
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--repo", dir.toString(), "--port", "0",
                "--log-file", log.toString())) {
            daemon.terminate();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).hasValue(0);
        }
        assertThat(Files.readString(log)).contains("shutting down: ", "stopped in ");
    }

    @Test
    void helpListsEveryFlag() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--repo", "--max-clients", "--log-file",
                "--handshake-timeout", "--idle-timeout", "--write-timeout", "--help", "--version");
    }

    @Test
    void versionNamesTheProtocol() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).matches("ferryd \\S+ \\(Ferry protocol 2\\)\\n");
    }

    @Test
    void aRateThatIsNotOneIsAUsageErrorNamingItsFlag() {
        assertThat(run("--max-rate", "fast")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ferryd: --max-rate: 'fast' is not a rate such as 500K, 10M or 1048576"
                + " (bytes per second)\nTry 'ferryd --help' for the flags.\n");
        assertThat(run("--max-total-rate", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: --max-total-rate: '0' is not a rate");
    }

    @Test
    void ratesAreListedInHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--max-rate=RATE", "--max-total-rate=RATE");
    }

    @Test
    void uploadsForEveryoneNeedAServerThatAsksNoKeyAndSizesAreWordsPeopleWrite() {
        assertThat(run("--auth", "keys", "--uploads")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: --uploads lets clients without a key upload, so it needs --auth none;"
                + " with access keys, make a key that may write: ferryd invite --write");
        assertThat(run("--max-upload-size", "ten gigs")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: 'ten gigs' is not a size such as 500K, 10M, 1.5G or 2T");
        assertThat(run("--upload-partial-ttl", "a day")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: 'a day' is not a duration such as 90s, 45m, 12h, 30d or 2w");
    }

    @Test
    void authTakesKeysAsItsValueThoughKeysIsAlsoACommand() {
        assertThat(run("--auth", "keys", "--port", "seventy")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ferryd: Invalid value for option '--port'");
        assertThat(run("--auth", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("ferryd: --auth must be keys or none, not 'maybe'");
    }
}
