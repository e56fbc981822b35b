package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.TestDownloads;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GaugeLayoutTest {
    static final long MIB = 1 << 20;

    static Transfer running(String name, long size, long received, long perSecond) {
        Download download = TestDownloads.started(name, size, 0);
        Transfer transfer = Transfer.of(download);
        TestDownloads.received(download, 0);
        transfer.sample(0);
        TestDownloads.received(download, received);
        transfer.sample(1_000_000_000L);
        TestDownloads.received(download, received + perSecond);
        transfer.sample(2_000_000_000L);
        return transfer;
    }

    @Test
    void atEightyColumnsTheTotalGoesButSpeedAndTimeLeftStay() {
        List<Transfer> transfers = List.of(running("big.bin", 1536 * MIB, 260 * MIB, 120 * MIB),
                running("small.bin", 3 * MIB, 1 * MIB, 1 * MIB));
        GaugeLayout layout = GaugeLayout.of(transfers, 52); // Transfers' rows at 80 columns

        String big = layout.gauge(transfers.get(0), "").text();
        String small = layout.gauge(transfers.get(1), "").text();
        assertThat(big).matches("\\[#+-+\\] +\\d+% +380\\.0 MiB +\\d+\\.\\d MiB/s +ETA 0:\\d\\d").hasSizeLessThanOrEqualTo(52);
        assertThat(small).matches("\\[#+-+\\] +\\d+% +2\\.0 MiB +\\d+\\.\\d MiB/s +ETA 0:\\d\\d").hasSizeLessThanOrEqualTo(52);
        assertThat(layout.showsTotal()).isFalse();
        assertThat(big.indexOf(']')).as("both bars end in the same column").isEqualTo(small.indexOf(']'));
        assertThat(big.indexOf("ETA")).as("and their columns line up").isEqualTo(small.indexOf("ETA"));
    }

    @Test
    void whereThereIsRoomTheTotalShowsAndTheBarGrows() {
        List<Transfer> transfers = List.of(running("big.bin", 1536 * MIB, 260 * MIB, 120 * MIB));
        GaugeLayout layout = GaugeLayout.of(transfers, 80);
        assertThat(layout.showsTotal()).isTrue();
        assertThat(layout.bar()).isGreaterThanOrEqualTo(GaugeLayout.PREFERRED_BAR);
        assertThat(layout.gauge(transfers.get(0), "").text()).contains("380.0 MiB / 1.5 GiB").contains("MiB/s  ETA ");
    }

    @Test
    void aStoppedDownloadSaysWhatEnterDoesWhereTheSpeedWouldBe() {
        Transfer transfer = running("big.bin", 100 * MIB, 10 * MIB, 10 * MIB);
        transfer.finished(null, new dev.ferry.client.failure.FerryException(dev.ferry.client.failure.FerryException.Kind.CANCELLED,
                dev.ferry.protocol.ErrorCode.CANCELLED, "cancelled"));
        String line = GaugeLayout.of(List.of(transfer), 52).gauge(transfer, "Enter resumes").text();
        assertThat(line).matches("\\[#+-+\\] +20% +20\\.0 MiB  Enter resumes").doesNotContain("/s", "ETA");
    }

    @Test
    void anUnknownTimeLeftStaysOneColumnClearOfTheBorder() {
        Download download = TestDownloads.started("big.bin", 500 * MIB, 0);
        Transfer starting = Transfer.of(download);
        starting.sample(0); // no speed yet, so no time left either
        for (int width : new int[] {52, 53, 60, 80}) {
            String line = GaugeLayout.of(List.of(starting), width).gauge(starting, "").text();
            assertThat(line).as("at %d columns", width).endsWith("ETA --:--").hasSizeLessThan(width);
        }
    }
}
