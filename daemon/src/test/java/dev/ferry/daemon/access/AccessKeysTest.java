package dev.ferry.daemon.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.session.Session;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.SettableClock;
import dev.ferry.daemon.testing.SettableTicker;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that needs access keys, driven over raw sockets. */
@Timeout(60)
class AccessKeysTest {
    @TempDir
    Path repository;

    final SettableTicker ticker = new SettableTicker();
    final SettableClock clock = new SettableClock();
    final List<RawClient> clients = new ArrayList<>();
    TestDaemon daemon;
    KeyAdmin admin;

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository, b -> b.auth(AuthMode.KEYS).authPause(Duration.ZERO), ticker, clock);
        admin = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), clock);
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    RawClient hello(String key) throws IOException {
        return hello(null, key);
    }

    RawClient hello(InetAddress from, String key) throws IOException {
        RawClient client = RawClient.hello(daemon.address(), from, key);
        clients.add(client);
        return client;
    }

    RawClient admitted(String key) throws IOException {
        RawClient client = RawClient.admitted(daemon.address(), key);
        clients.add(client);
        return client;
    }

    static Refused refusal(RawClient client) throws IOException {
        Message answer = client.next().message();
        assertThat(answer).isInstanceOf(Refused.class);
        assertThat(client.closedByServer()).isTrue();
        return (Refused) answer;
    }

    /** The next frame that is not a JOINED or LEFT event about someone else. */
    static Message nextNotPresence(RawClient client) throws IOException {
        for (;;) {
            Frame frame = client.next();
            if (frame == null || !(frame.message() instanceof Message.Joined || frame.message() instanceof Message.Left)) {
                return frame == null ? null : frame.message();
            }
        }
    }

    @Test
    void aGoodKeyGetsInReadOnlyAndItsLabelStandsBesideTheClientsName() throws IOException {
        KeyAdmin.NewKey alice = admin.create("alice", false, null);
        KeyAdmin.NewKey bob = admin.create("bob", true, null);

        RawClient first = admitted(alice.secret());
        assertThat(first.welcome().write()).isFalse();
        RawClient second = admitted(bob.secret());
        assertThat(second.welcome().write()).isTrue();

        assertThat(first.next().message()).isInstanceOfSatisfying(Message.Joined.class,
                joined -> assertThat(joined.displayName()).isEqualTo("Client02 (bob)"));
        first.send(1, new Message.Status());
        assertThat(first.next().message()).isInstanceOfSatisfying(Message.StatusReply.class, reply -> assertThat(
                reply.rows()).extracting(Message.ConnectionRow::displayName).containsExactly("Client01 (alice)", "Client02 (bob)"));
        assertThat(admin.list()).allSatisfy(key -> assertThat(key.lastUsed()).isNotNull());
    }

    @Test
    void noKeyAndAWrongKeyAreRefusedAndLoggedWithoutTheSecret() throws IOException {
        admin.create("alice", false, null);
        Logged logged = Logged.from(Session.class);
        try {
            assertThat(refusal(hello(""))).satisfies(r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(r.reason()).contains("this server needs an access key").contains("ferry join");
            });
            String wrong = Secrets.newSecret();
            assertThat(refusal(hello(wrong))).satisfies(r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(r.reason()).startsWith("access key not recognised");
            });
            assertThat(String.join("\n", logged.lines())).contains("failed authentication: no access key (1 of 10")
                    .contains("failed authentication: an unknown access key (2 of 10").doesNotContain(wrong);
        } finally {
            logged.stop();
        }
    }

    @Test
    void aRevokedKeyIsRefusedAndItsSessionsAreEndedWithANotice() throws IOException {
        KeyAdmin.NewKey alice = admin.create("alice", false, null);
        KeyAdmin.NewKey carol = admin.create("carol", false, null);
        RawClient revoked = admitted(alice.secret());
        RawClient other = admitted(carol.secret());

        long revokedAt = System.nanoTime();
        admin.revoke("alice"); // the daemon sees the file change; nothing tells it

        assertThat(nextNotPresence(revoked)).isEqualTo(new Message.Notice(ErrorCode.KEY_REVOKED,
                "your access key 'alice' was revoked; ask the server's owner for a new invitation"));
        Figures.record("access", "a key revoked by another process (the keys file rewritten) ended its session "
                + (System.nanoTime() - revokedAt) / 1_000_000 + " ms later, with NOTICE KEY_REVOKED and BYE; the other"
                + " key's session went on");
        assertThat(nextNotPresence(revoked)).isInstanceOf(Message.Bye.class);
        assertThat(revoked.closedByServer()).isTrue();
        assertThat(other.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
            assertThat(left.name()).isEqualTo("Client01");
            assertThat(left.reason()).isEqualTo("access key revoked");
        });
        other.send(2, new Message.Ping(7));
        assertThat(other.next().message()).isEqualTo(new Message.Pong(7));

        assertThat(refusal(hello(alice.secret()))).isEqualTo(new Refused(ErrorCode.KEY_REVOKED,
                "your access key 'alice' was revoked; ask the server's owner for a new invitation"));
    }

    @Test
    void aKeyThatExpiresEndsItsSessionAndIsRefusedFromThenOn() throws IOException {
        KeyAdmin.NewKey dave = admin.create("dave", false, Duration.ofHours(1));
        RawClient session = admitted(dave.secret());

        clock.advance(Duration.ofMinutes(61));

        assertThat(nextNotPresence(session)).isInstanceOfSatisfying(Message.Notice.class, notice -> {
            assertThat(notice.code()).isEqualTo(ErrorCode.KEY_EXPIRED);
            assertThat(notice.text()).startsWith("your access key 'dave' expired at ");
        });
        assertThat(refusal(hello(dave.secret())).code()).isEqualTo(ErrorCode.KEY_EXPIRED);
    }

    @Test
    void tenWrongKeysLockOutTheirAddressForTenMinutesWhileOthersGetIn() throws IOException {
        KeyAdmin.NewKey alice = admin.create("alice", false, null);
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < AuthGuard.MAX_FAILURES; i++) {
            assertThat(refusal(hello(guesser, Secrets.newSecret())).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        Refused locked = refusal(hello(guesser, alice.secret()));
        assertThat(locked.code()).isEqualTo(ErrorCode.LOCKED_OUT);
        assertThat(locked.reason()).isEqualTo("too many failed access keys from 127.0.0.2; try again in 10 min 0 s");
        assertThat(hello(InetAddress.getByName("127.0.0.1"), alice.secret()).next().message()).isInstanceOf(Message.Welcome.class);

        ticker.advance(AuthGuard.LOCKOUT);
        assertThat(hello(guesser, alice.secret()).next().message()).isInstanceOf(Message.Welcome.class);
        Figures.record("access", AuthGuard.MAX_FAILURES + " wrong keys from 127.0.0.2 locked it out (a good key refused"
                + " LOCKED_OUT) while 127.0.0.1 got in with the same key; after " + AuthGuard.LOCKOUT.toMinutes()
                + " min on the daemon's clock 127.0.0.2 got in again");
    }

    @Test
    void aVersionOneClientIsToldToUpdate() throws IOException {
        RawClient old = RawClient.connect(daemon.address());
        clients.add(old);
        // version 1's HELLO, byte for byte: magic, version 1, software; no key
        old.sendRaw(new byte[] {0, 0, 0, 0x0f, 0x01, 0, 0, 0, 0, 'F', 'R', 'Y', '1', 0, 1, 0, 7, 'f', 'e', 'r', 'r', 'y', '/', '1'});
        Refused refused = refusal(old);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(refused.reason()).startsWith("this client speaks protocol version 1; ferryd ")
                .endsWith(" speaks version " + Wire.PROTOCOL_VERSION + ": update the client");
    }
}
