package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Panes get space by what they hold, on Lanterna's virtual terminal at 50x12, 80x24, 120x40 and
 * 200x50: the Files pane is as wide as its longest name where the screen allows, the right-hand
 * column takes the rest, the Local pane sits under Files below 140 columns and beside it from
 * there, and the five frames still tile the screen.
 */
@Timeout(60)
class PaneSizesTest {
    static final String LONG = "welcome-from-Client02.txt";

    @TempDir
    Path here;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void serve() throws Exception {
        Files.writeString(here.resolve("notes.txt"), "notes\n");
        server = FakeServer.stallingAtHalf(1 << 20).start();
        server.otherFiles = List.of("café menu.txt", "large_file.txt", "sample.txt", LONG);
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        server.close();
    }

    private String open(int columns, int rows) throws Exception {
        tui = TuiHarness.start(server.port(), here, Palette.none(), new TerminalSize(columns, rows));
        tui.awaitPane("Files", "5 files");
        tui.awaitInPane("Local", "../");
        return tui.screen();
    }

    /** The Files pane's width on {@code screen}: from its top left corner to its top right one. */
    private static int filesWidth(String screen) {
        String top = screen.lines().skip(1).findFirst().orElseThrow();
        int light = top.indexOf('┐');
        int heavy = top.indexOf('╗');
        int end = light < 0 ? heavy : heavy < 0 ? light : Math.min(light, heavy);
        return top.codePointCount(0, end + 1);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80, 24", "120, 40", "200, 50"})
    void everyNameIsShownWholeWhereTheScreenHasTheRoomAndTheFramesStillTileIt(int columns, int rows) throws Exception {
        String screen = open(columns, rows);

        assertThat(TuiHarness.paneBody(screen, "Files")).contains("1 B  " + LONG + "\n", "1.0 MiB  big.bin");
        assertThat(ScreenCheck.problems(screen, columns, rows)).isEmpty();
        int wanted = 2 + 2 + "1.0 MiB".length() + 2 + LONG.length();
        assertThat(filesWidth(screen)).as("as wide as its longest row, no wider").isEqualTo(wanted);
        assertThat(TuiHarness.paneBody(screen, "Files")).as("every file in view").doesNotContain("more");
    }

    @Test
    void at50ColumnsBothColumnsKeepTheirLeastAndTheFilesPaneIsNoWiderThanAt80() throws Exception {
        String screen = open(50, 12);

        assertThat(ScreenCheck.problems(screen, 50, 12)).isEmpty();
        assertThat(filesWidth(screen)).as("the least a list gets").isEqualTo(ScreenLayout.MIN_LIST);
        assertThat(screen).contains("┌─ Connections").doesNotContain(LONG);
    }

    @Test
    void from140ColumnsLocalStandsBesideFilesAsWideAsItsOwnNames() throws Exception {
        String name = "a-local-file-with-a-rather-long-name.txt";
        Files.writeString(here.resolve(name), "x");
        open(200, 50);
        tui.awaitInPane("Local", name);
        String screen = tui.screen();

        assertThat(ScreenCheck.problems(screen, 200, 50)).isEmpty();
        String top = screen.lines().skip(1).findFirst().orElseThrow();
        assertThat(top.indexOf("Local")).as("Local beside Files").isGreaterThan(top.indexOf("Files"));
        assertThat(TuiHarness.paneBody(screen, "Local")).contains("1 B  " + name + "\n");
    }

    @Test
    void underFilesTheLocalPaneGetsTheRowsItsEntriesNeedAndTheRightColumnGivesMessagesTheRest() throws Exception {
        String screen = open(80, 24);

        String files = TuiHarness.paneBody(screen, "Files");
        String local = tui.awaitInPane("Local", "notes.txt");
        assertThat(files.lines().filter(line -> !line.isBlank())).hasSize(5);
        assertThat(local).contains("../", "notes.txt");
        assertThat(TuiHarness.paneBody(screen, "Connections").lines()).as("its header and one client").hasSize(2);
        assertThat(TuiHarness.paneBody(screen, "Messages").lines().count()).isGreaterThanOrEqualTo(8);
    }
}
