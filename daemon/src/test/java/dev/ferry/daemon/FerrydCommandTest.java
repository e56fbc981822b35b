package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void helpListsEveryFlag() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--repo", "--max-clients", "--log-file",
                "--handshake-timeout", "--idle-timeout", "--write-timeout", "--help", "--version");
    }

    @Test
    void versionNamesTheProtocol() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).matches("ferryd \\S+ \\(Ferry protocol 1\\)\\n");
    }
}
