package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeyHintsTest {

    @Test
    void everyFooterFitsIn80ColumnsOnlineAndOffline() {
        for (KeyHints.Place place : KeyHints.Place.values()) {
            for (boolean offline : new boolean[] {false, true}) {
                StyledLine line = KeyHints.line(place, offline);
                assertThat(line.width()).as("%s%s: '%s'", place, offline ? " offline" : "", line)
                        .isLessThanOrEqualTo(KeyHints.WIDTH);
                assertThat(line.text()).as("%s", place).doesNotEndWith(" ");
            }
        }
    }

    @Test
    void offlineTheFilesFooterOffersReconnectAndTheCommandLineInsteadOfWhatNeedsAConnection() {
        assertThat(KeyHints.line(KeyHints.Place.FILES, true).text())
                .isEqualTo(" R reconnect  / filter  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.FILES, false).text())
                .isEqualTo(" Enter get  / filter  r refresh  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.DOWNLOADS, true).text()).doesNotContain("cancel", "resume")
                .contains("R reconnect", "x clear done");
    }
}
