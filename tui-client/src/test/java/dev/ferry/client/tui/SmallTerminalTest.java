package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI at 80 columns, where every pane is as narrow as it gets: gauges keep their speed and
 * time left and line up, long names stay apart, your own row stays in view, and the status line
 * keeps its key.
 */
@Timeout(120)
class SmallTerminalTest {
    static final TerminalSize SMALL = new TerminalSize(80, 24);
    static final Pattern BAR = Pattern.compile("\\[([#-]+)\\]");

    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;
    FakeServer stalling;
    TuiHarness tui;
    final List<FerryClient> others = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        others.forEach(FerryClient::close);
        if (daemon != null) {
            daemon.close();
        }
        if (stalling != null) {
            stalling.close();
        }
    }

    FerryClient other() throws Exception {
        FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                ClientListener.NONE);
        others.add(client);
        return client;
    }

    @Test
    void aRunningGaugeShowsPercentBytesSpeedAndTimeLeftIn80Columns() throws Exception {
        stalling = FakeServer.stallingAtHalf(1 << 20).trickle(Duration.ofMillis(4)).start();
        tui = TuiHarness.start(stalling.port(), downloads, Palette.colours(), SMALL);
        tui.awaitText("1.0 MiB  big.bin", "connected (you)");

        tui.press(KeyType.Enter);

        String running = tui.await("a gauge with its speed and time left", screen -> screen.matches(
                "(?s).*\\[[#-]+\\] +\\d+% +\\d+\\.\\d KiB +\\d+\\.\\d \\S*B/s +ETA \\d+:\\d\\d.*"));
        assertThat(ScreenCheck.problems(running, 80, 24)).isEmpty();
        assertThat(running).contains("big.bin  downloading");
        assertThat(running.lines().filter(line -> line.contains("ETA "))).as("the time left stands apart from the border")
                .singleElement().asString().matches(".*ETA \\S+ +│.*");
    }

    @Test
    void everyGaugeHasABarOfTheSameWidthAndAFailedGetShowsJustItsError() throws Exception {
        daemon = TestDaemon.start(repository);
        tui = TuiHarness.start(daemon, downloads, Palette.colours(), new TerminalSize(80, 40));
        tui.awaitText("3 files", "connected (you)");
        tui.type(":");
        tui.type("get large_file.txt sample.txt \"no such\"");
        tui.press(KeyType.Enter);

        String screen = tui.awaitText("large_file.txt  verified", "sample.txt  verified", "no such  failed: no such file");

        List<Integer> bars = new ArrayList<>();
        String[] lines = screen.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher bar = BAR.matcher(lines[i]);
            if (bar.find()) {
                bars.add(bar.group(1).length());
            }
            if (lines[i].contains("no such  failed")) {
                assertThat(lines[i + 1]).as("the line under a get that never started").doesNotContain("[", "%");
            }
        }
        assertThat(bars).as("bar widths").hasSize(2).containsOnly(bars.get(0));
        assertThat(screen).containsPattern("\\] +100% +1\\.4 MiB +[\\d.]+ \\S*B/s  average")
                .containsPattern("\\] +100% +6 B +[\\d.]+ \\S*B/s  average")
                .contains("2 verified, 1 failed");
    }

    @Test
    void longNamesThatDifferOnlyAtTheEndStayApart() throws Exception {
        Files.createDirectories(repository);
        Files.writeString(repository.resolve("quarterly_report_of_the_northern_region_for_the_year_q1.txt"), "q1");
        Files.writeString(repository.resolve("quarterly_report_of_the_northern_region_for_the_year_q2.txt"), "q2");
        daemon = TestDaemon.start(repository);
        tui = TuiHarness.start(daemon, downloads, Palette.colours(), SMALL);

        String screen = tui.awaitText("connected (you)", "5 files");

        assertThat(screen).containsPattern("2 B  quar\\S*…\\S*q1\\.txt").containsPattern("2 B  quar\\S*…\\S*q2\\.txt")
                .doesNotContain("quarterly_…", "quarterly_report_of_the_northern_region_for_the_year_q1.txt");
        tui.press(KeyType.ArrowDown);
        tui.press(KeyType.ArrowDown);
        tui.press(KeyType.Enter);
        tui.awaitText("  verified");
        assertThat(downloads.resolve("quarterly_report_of_the_northern_region_for_the_year_q2.txt")).hasContent("q2");
    }

    @Test
    void yourOwnRowComesFirstAndNewcomersNextHoweverLongTheHistory() throws Exception {
        daemon = TestDaemon.start(repository);
        for (int i = 0; i < 4; i++) {
            other().exit().get(10, TimeUnit.SECONDS);
        }
        tui = TuiHarness.start(daemon, downloads, Palette.colours(), SMALL);
        tui.awaitText("Client05 on 127.0.0.1");
        String screen = tui.awaitPane("Connections", " 1 connected ");
        assertThat(screen).containsPattern("Client05 +(127\\.0\\.0\\.1:\\d+ +)?\\d\\d:\\d\\d:\\d\\d +connected \\(you\\)")
                .containsPattern("↓ \\d more");

        other();
        tui.awaitText("* Client06 joined");
        String joined = tui.awaitPane("Connections", " 2 connected ");
        int you = TerminalUiTest.rowContaining(joined, "(you)");
        assertThat(tui.row(you)).contains("Client05");
        assertThat(tui.row(you + 1)).as("the newcomer, right under you").containsPattern("Client06 .* connected");
        assertThat(tui.row(you + 2)).as("then the latest to leave").contains("Client04");
    }

    @Test
    void aRefusedReconnectLeavesTheReconnectKeyOnTheStatusLine() throws Exception {
        Path state = repository.resolveSibling("state"); // the restarted daemon keeps its fingerprint
        daemon = TestDaemon.start(repository, settings -> settings.maxClients(1).stateDir(state));
        int port = daemon.port();
        tui = TuiHarness.start(daemon, downloads, Palette.colours(), SMALL);
        tui.awaitText("connected (you)");
        daemon.close();
        tui.awaitText("Connection lost");
        tui.press(KeyType.Escape);
        daemon = TestDaemon.start(repository, settings -> settings.maxClients(1).port(port).stateDir(state));
        other();

        tui.type("R");

        String refused = tui.await("the refusal on the status line", screen -> screen.split("\n")[0].contains("server full"));
        assertThat(tui.row(0)).startsWith(" Ferry  offline (R reconnects): refused by 127.0.0.1:" + port + ": server full");
        assertThat(ScreenCheck.problems(refused, 80, 24)).isEmpty();
    }

    @Test
    void theFilterAndItsCountShowOnTheFilesFrameAtEveryWidth() throws Exception {
        daemon = TestDaemon.start(repository);
        for (TerminalSize size : List.of(SMALL, new TerminalSize(50, 12), new TerminalSize(200, 50))) {
            tui = TuiHarness.start(daemon, downloads, Palette.colours(), size);
            tui.awaitText("sample.txt", "3 files");
            tui.type("/");
            tui.type("txt");
            String screen = tui.await("the filter on the Files frame at " + size, text -> text.split("\n")[1]
                    .matches(".*/txt_ +(3/3|3 of 3).*"));
            assertThat(ScreenCheck.problems(screen, size.getColumns(), size.getRows())).isEmpty();
            tui.press(KeyType.Enter);
            tui.close();
            tui = null;
        }
    }
}
