package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --limit-rate} both ways against an in-process ferryd: the bytes each transfer moves, sampled
 * with their times as they go, keep within 10 % of the limit over the transfer.
 */
@Timeout(60)
class RateLimitedTransfersTest {
    static final long LIMIT = 1 << 20;
    static final int SIZE = 4 << 20;

    @TempDir
    Path repository;

    @TempDir
    Path local;

    /** A byte count and when it was reached. */
    record Sample(long nanos, long bytes) {}

    /** Bytes a second from the first sample to the last. */
    static double rate(List<Sample> samples) {
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        assertThat(last.nanos() - first.nanos()).as("the transfer's span").isGreaterThan(TimeUnit.SECONDS.toNanos(2));
        return (last.bytes() - first.bytes()) / ((last.nanos() - first.nanos()) / 1e9);
    }

    @Test
    void aLimitedUploadAndALimitedDownloadEachKeepWithinTenPercentOfTheLimit() throws Exception {
        byte[] content = FakeServer.pattern(SIZE);
        Path source = Files.write(local.resolve("big.bin"), content);
        DaemonConfig.Uploads open = new DaemonConfig.Uploads(true, Long.MAX_VALUE, 0, Duration.ofHours(24));
        try (TestDaemon daemon = TestDaemon.start(repository, b -> b.uploads(open));
                FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                        .withTrust(ServerTrust.exactly(daemon.fingerprint())).withRateLimit(LIMIT), ClientListener.NONE)) {
            List<Sample> sent = new CopyOnWriteArrayList<>();
            client.upload(source, "big.bin", false, new UploadListener() {
                @Override
                public void progress(Upload upload, long bytes, long size) {
                    sent.add(new Sample(System.nanoTime(), bytes));
                }
            }).result().get(30, TimeUnit.SECONDS);

            List<Sample> received = new CopyOnWriteArrayList<>();
            client.download("big.bin", local.resolve("downloads"), false, new DownloadListener() {
                @Override
                public void progress(Download download, long bytes, long size) {
                    received.add(new Sample(System.nanoTime(), bytes));
                }
            }).result().get(30, TimeUnit.SECONDS);

            assertThat(rate(sent)).as("upload bytes a second").isBetween(0.9 * LIMIT, 1.1 * LIMIT);
            assertThat(rate(received)).as("download bytes a second").isBetween(0.9 * LIMIT, 1.1 * LIMIT);
            assertThat(Files.readAllBytes(local.resolve("downloads/big.bin"))).isEqualTo(content);
        }
    }
}
