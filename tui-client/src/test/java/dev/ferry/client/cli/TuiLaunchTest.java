package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting the terminal UI from the command line: when it cannot connect it says why in one line
 * before the screen is ever taken over, with the exit status every command uses; without a
 * terminal, {@code ferry tui} points to the shell and {@code ferry} alone is the shell.
 */
@Timeout(60)
class TuiLaunchTest {

    @TempDir
    Path repository;

    @Test
    void onAFullServerTheUiSaysSoInOneLineAndExitsThree() throws Exception {
        try (TestDaemon daemon = TestDaemon.start(repository, settings -> settings.maxClients(1));
             FerryClient first = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                     ClientListener.NONE)) {
            String port = Integer.toString(daemon.port());
            String fingerprint = daemon.fingerprint();
            for (String[] args : new String[][] {{"--port", port, "--fingerprint", fingerprint, "tui"},
                    {"--port", port, "--fingerprint", fingerprint}}) {
                CommandRun run = CommandRun.onTerminal(args);
                assertThat(run.status()).isEqualTo(ExitCodes.SERVER_FULL);
                assertThat(run.err()).isEqualTo("ferry: refused by 127.0.0.1:" + port
                        + ": server full: 1 of 1 clients are connected; try again when one leaves\n");
                assertThat(run.out()).isEmpty();
            }
            assertThat(first.isOpen()).isTrue();
        }
    }

    @Test
    void aRefusalReasonIsPrintedWithItsControlCharactersMadeVisible() throws Exception {
        try (FakeServer refusing = FakeServer.builder().refuse(ErrorCode.SERVER_FULL, "full\u001b[2J\u009b31m").start()) {
            String port = Integer.toString(refusing.port());
            String expected = "ferry: refused by 127.0.0.1:" + port + ": full\uFFFD[2J\uFFFD31m\n";
            for (CommandRun run : List.of(CommandRun.onTerminal("--port", port, "--no-tls", "tui"),
                    CommandRun.of("--port", port, "--no-tls", "shell"), CommandRun.of("--port", port, "--no-tls", "list"))) {
                assertThat(run.status()).isEqualTo(ExitCodes.SERVER_FULL);
                assertThat(run.err()).isEqualTo(expected);
            }
        }
    }

    @Test
    void withNoServerTheUiSaysItCannotConnectAndExitsFour() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        CommandRun run = CommandRun.onTerminal("--port", Integer.toString(closed), "tui");
        assertThat(run.status()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(run.err()).isEqualTo("ferry: cannot connect to 127.0.0.1:" + closed
                + ": connection refused (is ferryd running?)\n");
    }

    @Test
    void withoutATerminalTheUiPointsToTheShell() {
        CommandRun run = CommandRun.of("tui");
        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).isEqualTo("ferry: the terminal UI needs a terminal on stdin and stdout; "
                + "'ferry shell' works without one\n");
    }

    @Test
    void withoutATerminalFerryAloneIsTheShell() throws Exception {
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            CommandRun run = CommandRun.withInput("ping\n", "--port", Integer.toString(daemon.port()), "--fingerprint",
                    daemon.fingerprint());
            assertThat(run.status()).isZero();
            assertThat(run.out()).startsWith("Connected to 127.0.0.1:" + daemon.port() + " as Client01")
                    .containsPattern("pong in \\d+\\.\\d{3} ms");
        }
    }

    @Test
    void helpListsTheUi() {
        CommandRun help = CommandRun.of("--help");
        assertThat(help.out()).contains("tui", "With no command, ferry opens the terminal UI on a terminal, the shell otherwise.");
        assertThat(CommandRun.of("tui", "--help").out()).contains("full-screen terminal UI", "--output");
    }
}
