package dev.ferry.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.FerryClient;
import dev.ferry.client.cli.ExitCodes;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pins as SSH's known_hosts, against a real daemon through TLS. */
@Timeout(60)
class ServerTrustTest {
    private static final String OTHER = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path dir;

    TestDaemon daemon;
    KnownServers known;
    String server;

    @BeforeEach
    void start() throws Exception {
        daemon = TestDaemon.start(dir.resolve("files"));
        known = new KnownServers(dir.resolve("config/ferry/known_servers"));
        server = "127.0.0.1:" + daemon.port();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private FerryClient connect(ServerTrust trust) throws FerryException {
        return FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(trust),
                ClientListener.NONE);
    }

    @Test
    void anUnknownServerWithoutATerminalIsRefusedWithExitStatusFive() {
        assertThatThrownBy(() -> connect(ServerTrust.refuseUnknown(known))).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_TRUSTED);
            assertThat(ExitCodes.of(e)).isEqualTo(5);
            assertThat(e.getMessage()).contains("an unknown server", daemon.fingerprint(), "--fingerprint");
        });
        assertThat(known.file()).doesNotExist();
        assertThat(daemon.daemon().context().registry().connected()).isZero();
    }

    @Test
    void acceptNewPinsTheServerPrivatelyAndTheNextConnectionNeedsNothing() throws Exception {
        connect(ServerTrust.acceptNew(known)).close();
        assertThat(Files.readString(known.file())).isEqualTo(server + " " + daemon.fingerprint() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file().getParent())))
                .isEqualTo("rwx------");
        connect(ServerTrust.refuseUnknown(known)).close();
    }

    @Test
    void aChangedFingerprintIsALoudRefusalNamingTheFileAndLine() throws Exception {
        Files.createDirectories(known.file().getParent());
        Files.writeString(known.file(), "# pins\nexample.org:50000 " + OTHER + "\n" + server + " " + OTHER + "\n",
                StandardCharsets.UTF_8);
        for (ServerTrust trust : new ServerTrust[] {ServerTrust.refuseUnknown(known), ServerTrust.acceptNew(known),
                ServerTrust.expect(known, daemon.fingerprint()), ServerTrust.ask(known, (s, f) -> true)}) {
            assertThatThrownBy(() -> connect(trust)).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.NOT_TRUSTED);
                assertThat(e.getMessage()).contains("HAS CHANGED", daemon.fingerprint(), OTHER,
                        "remove line 3 of " + known.file());
            });
        }
    }

    @Test
    void theUserIsAskedOnceAndANoIsARefusal() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> connect(ServerTrust.ask(known, (s, f) -> {
            asked.incrementAndGet();
            assertThat(s).isEqualTo(server);
            assertThat(f).isEqualTo(daemon.fingerprint());
            return false;
        }))).isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_TRUSTED));
        connect(ServerTrust.ask(known, (s, f) -> asked.incrementAndGet() > 0)).close();
        connect(ServerTrust.ask(known, (s, f) -> {
            throw new AssertionError("asked again about a pinned server");
        })).close();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFingerprintGivenAheadMustMatch() throws Exception {
        assertThatThrownBy(() -> connect(ServerTrust.expect(known, OTHER))).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.getMessage()).contains("not the expected " + OTHER));
        assertThat(known.file()).doesNotExist();
        connect(ServerTrust.expect(known, daemon.fingerprint())).close();
        assertThat(known.find(server)).hasValueSatisfying(pin -> assertThat(pin.fingerprint()).isEqualTo(daemon.fingerprint()));
    }

    @Test
    void aTlsClientToAPlainTextServerIsToldSo() throws Exception {
        try (TestDaemon plain = TestDaemon.start(dir.resolve("plain"), b -> b.tls(false))) {
            assertThatThrownBy(() -> FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", plain.port())
                    .withTrust(ServerTrust.acceptNew(known)), ClientListener.NONE))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("127.0.0.1:" + plain.port() + " answered in plain text, not TLS: a ferryd started "
                                    + "with --no-tls? Connect with --no-tls to use it (on loopback only)"));
            FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", plain.port()).withTls(false),
                    ClientListener.NONE).close();
        }
    }
}
