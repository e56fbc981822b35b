package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.transfer.TestDownloads;
import dev.ferry.protocol.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TransferTest {
    static final long MIB = 1 << 20;
    static final long SECOND = 1_000_000_000L;

    /** Samples five times a second from {@code from} to {@code to} seconds, the bytes growing at {@code perSecond}. */
    static long run(Transfer transfer, Download download, long bytes, int from, int to, long perSecond) {
        for (long tick = from * 5L; tick <= to * 5L; tick++) {
            if (tick > from * 5L) {
                bytes += perSecond / 5;
            }
            TestDownloads.received(download, bytes);
            transfer.sample(tick * SECOND / 5);
        }
        return bytes;
    }

    @Test
    void theSpeedIsTheRecentOneNotTheAverageSinceTheStart() {
        Download download = TestDownloads.started("big.bin", 1000 * MIB, 0);
        Transfer transfer = Transfer.of(download);
        long bytes = run(transfer, download, 0, 0, 20, MIB);
        bytes = run(transfer, download, bytes, 20, 30, 50 * MIB);

        assertThat(transfer.rate() / MIB).as("MiB/s after 20 s at 1 and 10 s at 50").isBetween(45.0, 55.0);
        assertThat(transfer.etaSeconds()).isEqualTo((long) Math.ceil((1000 * MIB - bytes) / transfer.rate()));
    }

    @Test
    void whileThePartIsReadBackThereIsNoSpeedAndNoTimeLeftThenOnlyNewBytesCount() {
        Download download = TestDownloads.started("big.bin", 1000 * MIB, 600 * MIB);
        TestDownloads.checkingPart(download, true);
        Transfer transfer = Transfer.of(download);
        run(transfer, download, 604 * MIB, 0, 3, 0);

        assertThat(transfer.checkingPart()).isTrue();
        assertThat(transfer.hasRate()).isFalse();
        assertThat(transfer.etaSeconds()).isEqualTo(-1);

        TestDownloads.checkingPart(download, false);
        run(transfer, download, 604 * MIB, 3, 6, 20 * MIB);
        assertThat(transfer.checkingPart()).isFalse();
        assertThat(transfer.rate() / MIB).isBetween(18.0, 22.0);
    }

    @Test
    void aVerifiedDownloadShowsItsAverageSpeedAndAStoppedOneNone() {
        Download done = TestDownloads.started("done.bin", 100 * MIB, 20 * MIB);
        Transfer verified = Transfer.of(done);
        run(verified, done, 20 * MIB, 0, 2, 40 * MIB);
        verified.finished(new DownloadResult("done.bin", Path.of("done.bin"), 100 * MIB, 20 * MIB, "0".repeat(64),
                Duration.ofSeconds(4)), null);
        assertThat(verified.state()).isEqualTo(Transfer.State.VERIFIED);
        assertThat(verified.rate() / MIB).isEqualTo(20.0);
        assertThat(verified.outcome()).isEqualTo("resumed at 20.0 MiB");

        Download stopped = TestDownloads.started("stopped.bin", 100 * MIB, 0);
        Transfer cancelled = Transfer.of(stopped);
        run(cancelled, stopped, 0, 0, 2, 10 * MIB);
        cancelled.finished(null, new FerryException(FerryException.Kind.CANCELLED, ErrorCode.CANCELLED, "cancelled"));
        assertThat(cancelled.hasRate()).isFalse();
        assertThat(cancelled.outcome()).isEqualTo("cancelled, .part kept");
        assertThat(cancelled.detail()).isEqualTo("cancelled; .part kept (20.0 MiB of 100.0 MiB): Enter in Transfers resumes it");
    }

    @Test
    void aServerShuttingDownCutsADownloadOffLikeADrop() {
        Download download = TestDownloads.started("big.bin", 100 * MIB, 0);
        Transfer transfer = Transfer.of(download);
        run(transfer, download, 0, 0, 1, 30 * MIB);
        transfer.finished(null, new FerryException(FerryException.Kind.LOST, ErrorCode.SHUTTING_DOWN,
                "stopped: server shutting down"));

        assertThat(transfer.state()).isEqualTo(Transfer.State.CUT);
        assertThat(transfer.state().retryable()).isTrue();
        assertThat(transfer.outcome()).isEqualTo("server shut down, .part kept");
        assertThat(transfer.detail())
                .isEqualTo("stopped: server shutting down; .part kept (30.0 MiB of 100.0 MiB), resumes once reconnected");
    }
}
