package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.JvmResources;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A client that dies in the middle of a download. */
@Timeout(60)
class ClientKilledTest {

    @TempDir
    Path repository;

    @Test
    void aClientKilledMidDownloadFreesItsSlotAtOnceAndLeavesNoThreadBehind() throws Exception {
        // timeouts far beyond the bounds below: only noticing the reset itself can free the slot in time
        Duration writeTimeout = Duration.ofSeconds(40);
        try (TestDaemon daemon = TestDaemon.start(repository, b -> b.maxClients(2).writeTimeout(writeTimeout)
                .idleTimeout(Duration.ofSeconds(60)))) {
            try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
                big.setLength(1L << 30);
            }
            try (RawClient observer = RawClient.admitted(daemon.address())) {
                RawClient doomed = RawClient.admitted(daemon.address());
                assertThat(observer.next().message()).isInstanceOf(Message.Joined.class);
                doomed.send(1, new Message.Get("big.bin", 0));
                assertThat(doomed.next().message()).isInstanceOf(Message.FileHeader.class);
                assertThat(doomed.next().message()).isInstanceOf(Message.Data.class);
                doomed.socket().setSoLinger(true, 0);
                long killed = System.nanoTime();
                doomed.close(); // the kernel resets the connection, as when the process is killed

                assertThat(observer.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
                    assertThat(left.name()).isEqualTo("Client02");
                    // a reset reads as a lost connection or as end of stream, depending on timing
                    assertThat(left.reason()).matches("connection lost.*|closed the connection");
                });
                long leftAfter = millisSince(killed);
                assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
                long threadsGoneAfter = millisSince(killed);
                assertThat(JvmResources.threadsStillNamed("Client02", Duration.ofSeconds(10))).as("its reader and writer threads").isEmpty();
                long asked = System.nanoTime();
                try (RawClient next = RawClient.admitted(daemon.address())) {
                    assertThat(next.welcome().clientName()).isEqualTo("Client03");
                }
                long admittedIn = millisSince(asked);
                assertThat(leftAfter).as("LEFT at once, not at a timeout").isLessThan(writeTimeout.toMillis() / 8);
                assertThat(threadsGoneAfter).isLessThan(writeTimeout.toMillis() / 8);
                Figures.record("faults", "a client reset mid-way through a 1 GiB download: LEFT sent to the others " + leftAfter
                        + " ms after the reset, its reader and writer threads gone after " + threadsGoneAfter
                        + " ms (write timeout 40 s, idle timeout 60 s); the next client admitted in " + admittedIn + " ms");
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
