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
    void theDownloadsFooterOffersOnlyWhatTheKeysCanDoWithTheSelectedRow() {
        assertThat(KeyHints.line(KeyHints.Place.DOWNLOADS, false, new TransfersPane.Keys(true, false, false)).text())
                .isEqualTo(" c cancel  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.DOWNLOADS, false, new TransfersPane.Keys(false, true, true)).text())
                .isEqualTo(" Enter resume  x clear finished  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.DOWNLOADS, false, new TransfersPane.Keys(false, false, true)).text())
                .doesNotContain("cancel", "resume").contains("x clear finished");
    }

    @Test
    void offlineTheFilesFooterOffersReconnectAndTheCommandLineInsteadOfWhatNeedsAConnection() {
        assertThat(KeyHints.line(KeyHints.Place.FILES, true).text())
                .isEqualTo(" R reconnect  / filter  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.FILES, false).text())
                .isEqualTo(" Enter get  / filter  r refresh  Tab next  ? help  q quit  : command");
        assertThat(KeyHints.line(KeyHints.Place.DOWNLOADS, true).text()).doesNotContain("cancel", "resume")
                .contains("R reconnect", "x clear finished");
    }
}
