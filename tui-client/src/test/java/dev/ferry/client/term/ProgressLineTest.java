package dev.ferry.client.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.term.ProgressLine.Figures;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    static final long MIB = 1 << 20;
    static final List<Figures> THREE = List.of(
            new Figures("big.bin", 400 * MIB, 347 * MIB, 125.1 * MIB, 3, 2),
            new Figures("large_file.txt", 1_200_085, 1_200_085, 9.8 * MIB, 0, 0),
            new Figures("test1.txt", 21, 21, -1, -1, 0));

    @Test
    void atEightyColumnsEveryFigureAndABarFitInSeventyNine() {
        List<String> lines = ProgressLine.lines(THREE, 80);
        assertThat(lines).hasSize(3).allMatch(l -> Columns.width(l) <= 79);
        assertThat(lines.get(0)).matches("big\\.bin {8}\\[#+-+\\]  86%   347\\.0 MiB / 400\\.0 MiB  125\\.1 MiB/s  ETA 0:03");
        assertThat(lines.get(1)).matches("large_file\\.txt \\[#+\\] 100%       1\\.1 MiB / 1\\.1 MiB    9\\.8 MiB/s   in 0:00");
        assertThat(lines.get(2)).endsWith("100%             21 B / 21 B           --   in 0:00");
        assertThat(lines).extracting(l -> l.indexOf('[')).containsOnly(15);
    }

    @Test
    void narrowerTerminalsDropTheBarThenTheBytesButKeepTheName() {
        assertThat(ProgressLine.lines(THREE, 70)).allMatch(l -> Columns.width(l) <= 69)
                .allMatch(l -> !l.contains("[")).contains("big.bin          86%   347.0 MiB / 400.0 MiB  125.1 MiB/s  ETA 0:03");
        assertThat(ProgressLine.lines(THREE, 60)).allMatch(l -> Columns.width(l) <= 59)
                .contains("big.bin          86%  125.1 MiB/s  ETA 0:03");
        assertThat(ProgressLine.lines(THREE, 40)).allMatch(l -> Columns.width(l) <= 39)
                .contains("big.bin          86%  125.1 MiB/s");
        assertThat(ProgressLine.lines(THREE, 20)).allMatch(l -> Columns.width(l) <= 19)
                .containsExactly("big.bin        86%", "…ge_file.txt  100%", "test1.txt     100%");
    }

    @Test
    void aLineKeepsItsShapeAsTheDownloadGoes() {
        List<String> lines = new java.util.ArrayList<>();
        for (long received : new long[] {0, 1000, 500 << 10, (1 << 20) - 100, 347 * MIB, 400 * MIB}) {
            lines.add(ProgressLine.line(new Figures("big.bin", 400 * MIB, received, 125.1 * MIB, 3, 2), 80));
        }
        assertThat(lines).extracting(l -> l.indexOf(" / ")).containsOnly(lines.get(0).indexOf(" / "));
        assertThat(lines).extracting(l -> l.indexOf("]")).containsOnly(lines.get(0).indexOf("]"));
    }

    @Test
    void longNamesAreCutAtTheFrontSoTheirEndsShow() {
        String line = ProgressLine.line(new Figures("a very long folder name/and a long file name.tar.gz", 100, 50, 10, 5, 5), 80);
        assertThat(line).startsWith("…").contains("file name.tar.gz [");
        assertThat(Columns.width(line)).isLessThanOrEqualTo(79);
    }

    @Test
    void wideLettersAreCountedAsTheTwoColumnsTheyTake() {
        String line = ProgressLine.line(new Figures("文件".repeat(30) + ".txt", 100, 50, 10, 5, 5), 80);
        assertThat(Columns.width(line)).isLessThanOrEqualTo(79);
        assertThat(line).endsWith("ETA 0:05");
    }

    @Test
    void aDownloadNotStartedYetSaysItIsWaiting() {
        assertThat(ProgressLine.line(Figures.waiting("later.bin"), 80)).startsWith("later.bin").endsWith("waiting");
    }

    @Property(tries = 300)
    void noLineIsEverAsWideAsTheTerminal(@ForAll @StringLength(max = 120) String name, @ForAll @IntRange(min = 1, max = 300) int columns,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 200) long size, @ForAll @LongRange(min = 0, max = 100) long percent) {
        String label = dev.ferry.protocol.Text.printable(name);
        Figures figures = new Figures(label, size, size * percent / 100, size / 7.0, 12_345, 678);
        for (String line : ProgressLine.lines(List.of(figures, Figures.waiting(label)), columns)) {
            assertThat(Columns.width(line)).isLessThanOrEqualTo(Math.max(1, columns - 1));
        }
    }
}
