package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Invitation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ferry join, and the key a joined client presents, against an in-process daemon that needs keys. */
@Timeout(60)
class JoinCommandTest {
    @TempDir
    Path repository;

    @TempDir
    Path home;

    TestDaemon daemon;
    KeyAdmin admin;
    Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository, b -> b.auth(AuthMode.KEYS).authPause(Duration.ZERO));
        admin = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), Clock.systemUTC());
        env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    String invitation(String label, boolean write) throws IOException {
        return new Invitation("127.0.0.1", daemon.port(), daemon.fingerprint(), admin.create(label, write, null).secret()).text();
    }

    @Test
    void anInvitationOnStandardInputIsStoredPrivatelyAndListJustWorksAfterIt() throws IOException {
        String invitation = invitation("alice", false);

        CommandRun joined = CommandRun.withEnv(env, invitation + "\n", "join");

        assertThat(joined.status()).as(joined.err()).isZero();
        assertThat(joined.out()).isEqualTo("joined 127.0.0.1:" + daemon.port() + " (welcomed as Client01, read only);"
                + " it is now the default server: 'ferry list' lists its files\n");
        Path servers = home.resolve("config/ferry/servers");
        assertThat(Files.getPosixFilePermissions(servers)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(servers, StandardCharsets.UTF_8)).contains("default 127.0.0.1:" + daemon.port());

        CommandRun list = CommandRun.withEnv(env, "", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("sample.txt");
        CommandRun named = CommandRun.withEnv(env, "", "--host", "127.0.0.1", "--port", Integer.toString(daemon.port()), "status");
        assertThat(named.out()).contains("Client03 (alice)");
    }

    @Test
    void withoutAKeyOrWithAWrongOneTheExitStatusIsFive() throws IOException {
        CommandRun none = CommandRun.withEnv(env, "", "--port", Integer.toString(daemon.port()), "--fingerprint",
                daemon.fingerprint(), "list");
        assertThat(none.status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(none.err()).startsWith("ferry: refused by 127.0.0.1:" + daemon.port() + ": this server needs an access key");

        CommandRun wrong = CommandRun.withEnv(Map.of("HOME", home.toString(), "FERRY_KEY", "x".repeat(43)), "",
                "--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "list");
        assertThat(wrong.status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(wrong.err()).contains("access key not recognised").doesNotContain("x".repeat(43));
    }

    @Test
    void aJoinWithAKeyTheServerRefusesStoresNothing() throws IOException {
        String invitation = invitation("bob", false);
        admin.revoke("bob");

        CommandRun joined = CommandRun.withEnv(env, invitation, "join");

        assertThat(joined.status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(joined.err()).contains("your access key 'bob' was revoked");
        assertThat(home.resolve("config/ferry/servers")).doesNotExist();
    }

    @Test
    void theKeyComesFromFerryKeyOrAKeyFileBeforeTheJoinedOne() throws IOException {
        String carol = admin.create("carol", true, null).secret();
        Path keyFile = home.resolve("carol.key");
        Files.writeString(keyFile, carol + "\n");
        String port = Integer.toString(daemon.port());

        CommandRun fromFile = CommandRun.withEnv(env, "", "--port", port, "--fingerprint", daemon.fingerprint(), "--key-file",
                keyFile.toString(), "status");
        assertThat(fromFile.status()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("Client01 (carol)");

        CommandRun fromEnv = CommandRun.withEnv(Map.of("HOME", home.toString(), "FERRY_KEY", carol), "", "--port", port,
                "--fingerprint", daemon.fingerprint(), "status");
        assertThat(fromEnv.out()).contains("Client02 (carol)");
    }

    @Test
    void aBrokenInvitationIsOneLine() {
        CommandRun joined = CommandRun.withEnv(env, "ferry://127.0.0.1:1/#key=short\n", "join");
        assertThat(joined.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(joined.err()).isEqualTo("ferry: join: the invitation's key is not one ferryd made (cut short when copied?)\n");
    }
}
