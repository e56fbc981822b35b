package dev.ferry.daemon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.daemon.Ferryd;
import dev.ferry.daemon.FerrydCommand;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import dev.ferry.transport.Fingerprint;
import dev.ferry.transport.ServerIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ferryd's TLS: on by default, the identity it keeps, and what it does with plain text. */
@Timeout(60)
class TlsDaemonTest {
    @TempDir
    Path dir;

    TestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aClientGetsTls13AndTheCertificateWhoseKeyTheFingerprintNames() throws Exception {
        daemon = TestDaemon.start(dir.resolve("files"));
        try (RawClient client = RawClient.connect(daemon.address())) {
            SSLSocket socket = (SSLSocket) client.socket();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(Fingerprint.of(certificate)).isEqualTo(daemon.fingerprint()).startsWith("SHA256:");
            client.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "tls-test"));
            assertThat(client.next().message()).isInstanceOf(Message.Welcome.class);
        }
    }

    @Test
    void plainTextOnTheTlsPortIsRefusedInPlainTextAndOthersAreServed() throws Exception {
        daemon = TestDaemon.start(dir.resolve("files"));
        try (RawClient plain = RawClient.connectPlain(daemon.address())) {
            plain.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "plain"));
            assertThat(plain.next().message()).isEqualTo(new Message.Refused(ErrorCode.PROTOCOL_ERROR,
                    "this server speaks TLS; connect without --no-tls"));
            assertThat(plain.closedByServer()).isTrue();
        }
        try (RawClient garbage = RawClient.connectPlain(daemon.address())) {
            garbage.sendRaw(new byte[] {'G', 'E', 'T', ' ', '/', '\r', '\n', '\r', '\n'});
            assertThat(garbage.next().message()).isInstanceOf(Message.Refused.class);
            assertThat(garbage.closedByServer()).isTrue();
        }
        try (RawClient client = RawClient.admitted(daemon.address())) {
            assertThat(client.welcome().clientName()).isEqualTo("Client01");
        }
    }

    @Test
    void plainTextIsAllowedOnLoopbackOnly() throws Exception {
        TestDaemon.fill(dir.resolve("files"));
        DaemonConfig anywhere = DaemonConfig.builder().host("0.0.0.0").port(0).repository(dir.resolve("files"))
                .tls(false).build();
        assertThatThrownBy(() -> Ferryd.start(anywhere)).isInstanceOf(Ferryd.PlainTextRefused.class)
                .hasMessage("--no-tls is allowed only on a loopback address (127.0.0.1, ::1), not on 0.0.0.0: "
                        + "leave TLS on to listen there");
        StringWriter err = new StringWriter();
        CommandLine cli = FerrydCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int status = cli.execute("--host", "0.0.0.0", "--port", "0", "--no-tls", "--repo", dir.resolve("files").toString(),
                "--state-dir", dir.resolve("state").toString(), "--log-file", dir.resolve("ferryd.log").toString());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1).startsWith("ferryd: --no-tls is allowed only on a loopback address");

        daemon = TestDaemon.start(dir.resolve("files"), b -> b.tls(false));
        assertThat(daemon.daemon().tls()).isFalse();
        try (RawClient client = RawClient.admitted(daemon.address())) {
            assertThat(client.socket()).isNotInstanceOf(SSLSocket.class);
        }
    }

    @Test
    void theIdentityIsMadeOnceKeptPrivateAndPrintedByFerrydFingerprint() throws Exception {
        Path state = dir.resolve("state");
        daemon = TestDaemon.start(dir.resolve("files"), b -> b.stateDir(state));
        String first = daemon.fingerprint();
        daemon.close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(ServerIdentity.KEY_FILE))))
                .isEqualTo("rw-------");

        daemon = TestDaemon.start(dir.resolve("files"), b -> b.stateDir(state));
        assertThat(daemon.fingerprint()).as("a restart keeps the identity").isEqualTo(first);

        StringWriter out = new StringWriter();
        CommandLine cli = FerrydCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("fingerprint", "--state-dir", state.toString())).isZero();
        assertThat(out.toString()).isEqualTo(first + "\n");
    }
}
