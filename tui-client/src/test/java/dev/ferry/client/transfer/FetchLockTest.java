package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two downloads of one name into one folder: the second is told, and touches nothing. */
@Timeout(60)
class FetchLockTest {
    @TempDir
    Path folder;

    @TempDir
    Path repository;

    @Test
    void aNameIsHeldByOneDownloadAtATimeAndFreeAgainAfter() throws Exception {
        Path locks = repository.resolve("state/fetch.lock");
        try (FetchLock first = FetchLock.tryTake(locks, folder, "big.bin")) {
            assertThat(first).isNotNull();
            assertThat(FetchLock.tryTake(locks, folder, "big.bin")).isNull();
            FetchLock other = FetchLock.tryTake(locks, folder, "other.bin");
            assertThat(other).as("another name in the same folder").isNotNull();
            other.close();
            FetchLock elsewhere = FetchLock.tryTake(locks, repository, "big.bin");
            assertThat(elsewhere).as("the same name in another folder").isNotNull();
            elsewhere.close();
        }
        FetchLock again = FetchLock.tryTake(locks, folder, "big.bin");
        assertThat(again).isNotNull();
        again.close();
        assertThat(FetchLock.offset("big.bin")).isNotEqualTo(FetchLock.offset("big.bin2")).isNotNegative();
    }

    @Test
    void aSecondGetOfTheSameNameIntoTheSameFolderStopsWithAClearLineAndTheFirstGoesOn() throws Exception {
        Files.write(repository.resolve("big.bin"), new byte[10 << 20]);
        // the first from a server that stops after a MiB, the second from one that would send it all
        try (FakeServer server = FakeServer.builder().software("stall/1").file("big.bin", new byte[10 << 20]).stallAt(1 << 20).start();
                TestDaemon daemon = TestDaemon.start(repository);
                FerryClient one = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", server.port())
                        .withTls(false), ClientListener.NONE);
                FerryClient two = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                        .withTrust(dev.ferry.client.trust.ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE)) {
            Download first = one.download("big.bin", folder, false, DownloadListener.NONE);
            assertThat(server.granted.await(30, TimeUnit.SECONDS)).as("the first MiB on disk").isTrue();

            Download second = two.download("big.bin", folder, false, DownloadListener.NONE);
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> second.result().get(30, TimeUnit.SECONDS));
            assertThat(refused.getCause()).hasMessage("big.bin is being fetched into " + folder.toAbsolutePath()
                    + " by another ferry; get it again once that one is done");
            assertThat(first.result()).as("the first download, still running").isNotDone();
            assertThat(Files.size(folder.resolve("big.bin.part"))).as("the first one's .part, untouched").isEqualTo(1 << 20);
            try (var files = Files.list(folder)) {
                assertThat(files).as("nothing else in the folder").containsExactly(folder.resolve("big.bin.part"));
            }
            first.cancel();
        }
    }
}
