package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Refused;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every wait the daemon does on a client is bounded. */
@Timeout(60)
class TimeoutsTest {

    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    private RawClient track(RawClient client) {
        clients.add(client);
        return client;
    }

    @Test
    void idleConnectionsThatNeverSayHelloDoNotLockRealClientsOut() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.handshakeTimeout(Duration.ofSeconds(2)));
        List<RawClient> idle = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            idle.add(track(RawClient.connect(daemon.address()))); // as three `nc 127.0.0.1 50000` would
        }
        RawClient real = track(RawClient.admitted(daemon.address()));
        assertThat(real.welcome().clientName()).isEqualTo("Client01");

        for (RawClient silent : idle) {
            assertThat(silent.next().message()).isEqualTo(new Refused(ErrorCode.HANDSHAKE_TIMEOUT, "no HELLO within 2 s"));
            assertThat(silent.closedByServer()).isTrue();
        }
        assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
        Figures.record("timeouts", "3 idle pre-handshake connections: a real client admitted at once; all 3 closed at the 2 s handshake timeout");
    }

    @Test
    void aSilentClientIsToldAndDisconnectedAfterTheIdleTimeout() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.idleTimeout(Duration.ofMillis(500)));
        RawClient client = track(RawClient.admitted(daemon.address()));
        client.send(1, new Message.Ping(1));
        assertThat(client.next().message()).isEqualTo(new Message.Pong(1));

        assertThat(client.next().message()).isEqualTo(new Message.Notice(ErrorCode.IDLE_TIMEOUT,
                "disconnected after 500 ms without a request"));
        assertThat(client.next().message()).isEqualTo(new Message.Bye("disconnected after 500 ms without a request"));
        assertThat(client.closedByServer()).isTrue();
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeoutAndItsSlotFreed() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.writeTimeout(Duration.ofSeconds(1)).maxClients(2));
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(512L << 20);
        }
        RawClient observer = track(RawClient.admitted(daemon.address()));
        RawClient stalled = track(RawClient.admitted(daemon.address()));
        assertThat(observer.next().message()).isInstanceOf(Message.Joined.class);

        stalled.send(1, new Message.Get("big.bin", 0)); // and never reads: the TCP window fills, the writer blocks

        assertThat(observer.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
            assertThat(left.name()).isEqualTo("Client02");
            assertThat(left.reason()).isEqualTo("write timeout: the client stopped reading for 1 s");
        });
        assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
        assertThat(track(RawClient.admitted(daemon.address())).welcome().clientName()).isEqualTo("Client03");
        Figures.record("timeouts", "a client that stopped reading mid-download was dropped at the 1 s write timeout; its slot came back");
    }
}
