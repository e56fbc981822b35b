package dev.ferry.client.tui;

import dev.ferry.client.trust.ServerTrust;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message.ConnectionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real terminal UI on a virtual 120x40 terminal, against an in-process daemon. */
@Timeout(120)
class TerminalUiTest {
    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        daemon = TestDaemon.start(repository);
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        daemon.close();
    }

    TuiHarness open(Palette palette) throws Exception {
        tui = TuiHarness.start(daemon, downloads, palette, new TerminalSize(120, 40));
        tui.awaitText("1.4 MiB  large_file.txt", "connected (you)");
        return tui;
    }

    FerryClient another() throws Exception {
        return FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE);
    }

    @Test
    void itOpensOnFourTitledPanesWithTheServersDataAndTheFirstFileSelected() throws Exception {
        open(Palette.colours());
        String screen = tui.awaitText("Client01 on 127.0.0.1:" + daemon.port(), "connected to 127.0.0.1:" + daemon.port());

        assertThat(screen).contains("[ Files ]", "Connections", "Transfers", "Messages", "3 files")
                .contains("> 1.4 MiB  large_file.txt", "6 B  sample.txt", "21 B  test1.txt")
                .containsPattern("CLIENT\\s+ADDRESS\\s+JOINED\\s+FINISHED")
                .containsPattern("Client01\\s+127\\.0\\.0\\.1:\\d+\\s+\\d\\d:\\d\\d:\\d\\d\\s+connected \\(you\\)")
                .contains("none yet: Enter on a file downloads it")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d connected to 127\\.0\\.0\\.1:\\d+ as Client01 \\(ferryd/")
                .contains("Client01>", "Enter get", "q quit");
        int row = rowContaining(screen, "> 1.4 MiB  large_file.txt");
        int column = tui.row(row).indexOf("large_file.txt");
        assertThat(tui.cell(column, row).isReversed()).as("the selected file is in reverse video").isTrue();
    }

    @Test
    void enterOnAFileShowsAGaugeThatReachesVerifiedAndTheFileArrivesIntact() throws Exception {
        open(Palette.colours());

        tui.press(KeyType.Enter);

        String screen = tui.awaitText("100%", "verified", "1.4 MiB / 1.4 MiB");
        assertThat(screen).containsPattern("large_file\\.txt\\s+verified")
                .containsPattern("\\[#+\\] +100% +1\\.4 MiB / 1\\.4 MiB +\\d+\\.\\d \\S+/s  average")
                .contains("verified large_file.txt (1.4 MiB, sha256 ");
        assertThat(downloads.resolve("large_file.txt")).hasSameBinaryContentAs(repository.resolve("large_file.txt"));
        assertThat(downloads.resolve("large_file.txt.part")).doesNotExist();
    }

    @Test
    void getWithSeveralNamesShowsAGaugeForEach() throws Exception {
        open(Palette.colours());
        tui.type(":");

        run("get large_file.txt sample.txt test1.txt");

        tui.awaitText("large_file.txt  verified", "sample.txt  verified", "test1.txt  verified", "3 verified");
        for (String name : List.of("large_file.txt", "sample.txt", "test1.txt")) {
            assertThat(downloads.resolve(name)).hasSameBinaryContentAs(repository.resolve(name));
        }
    }

    @Test
    void anotherClientJoiningTalkingAndLeavingShowsInConnectionsAndMessagesAsItHappens() throws Exception {
        open(Palette.colours());

        try (FerryClient second = another()) {
            tui.awaitText("* Client02 joined from 127.0.0.1:");
            String joined = tui.awaitPane("Connections", " 2 connected ");
            assertThat(joined).containsPattern("Client02\\s+127\\.0\\.0\\.1:\\d+\\s+\\d\\d:\\d\\d:\\d\\d\\s+connected");

            assertThat(second.say("hello from two").get(10, TimeUnit.SECONDS)).isEqualTo("hello from two");
            tui.awaitText("Client02: hello from two");

            second.exit().get(10, TimeUnit.SECONDS);
        }
        tui.awaitText("* Client02 left");
        String left = tui.awaitPane("Connections", " 1 connected ");
        assertThat(left).containsPattern("Client02\\s+127\\.0\\.0\\.1:\\d+\\s+\\d\\d:\\d\\d:\\d\\d\\s+\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void theCommandLineTakesWhatTheShellTakes() throws Exception {
        open(Palette.colours());
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.awaitText("Enter run", "Esc back");

        run("hello everyone");
        tui.awaitText("Client01> hello everyone", "hello everyone ACK");
        run("ping");
        tui.awaitText("pong in ");
        run("who");
        tui.awaitText("Client01 (you)");
        run("uptime");
        tui.awaitText("(since ");
        run("status");
        tui.await("the status table", screen -> screen.matches("(?s).*CLIENT\\s+ADDRESS\\s+JOINED\\s+FINISHED.*"));
        run("sample.txt");
        tui.awaitText("sample.txt  verified");
        run("get \"no such file.txt\"");
        tui.awaitText("! get no such file.txt: ");
        run("get");
        tui.awaitText("! usage: get [--overwrite] NAME");

        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void slashFiltersTheFilesAsYouTypeAndEnterDownloadsWhatIsSelected() throws Exception {
        open(Palette.colours());

        tui.type("/tes");
        tui.await("the filter and its count on the Files frame, in full or short",
                screen -> TuiHarness.paneTitle(screen, "Files").matches(".*/tes_ +(1 of 3|1/3) .*"));
        String filtered = tui.awaitText("> 21 B  test1.txt", "type to filter", "Esc clear");
        assertThat(filtered).doesNotContain("large_file.txt", "sample.txt");

        tui.press(KeyType.Enter);
        tui.awaitText("test1.txt  verified", "Enter get  / filter");
        assertThat(downloads.resolve("test1.txt")).hasContent("The first test file.");

        tui.press(KeyType.Escape);
        tui.awaitText("3 files", "large_file.txt", "sample.txt");
    }

    @Test
    void resizingTo80By24AndBackKeepsEveryPaneReadable() throws Exception {
        open(Palette.colours());
        tui.press(KeyType.Enter);
        tui.awaitText("verified");

        tui.resize(80, 24);
        String small = tui.await("the 80x24 layout", screen -> whole(screen, 80, 24));
        assertThat(ScreenCheck.problems(small, 80, 24)).isEmpty();
        assertThat(small).contains("large_file.txt", "Client01", "connected (you)", "verified", "Client01>", "q quit");

        tui.resize(120, 40);
        String big = tui.await("the 120x40 layout", screen -> whole(screen, 120, 40));
        assertThat(ScreenCheck.problems(big, 120, 40)).isEmpty();
        assertThat(big).contains("1.4 MiB  large_file.txt", "connected (you)", "large_file.txt  verified");
    }

    @Test
    void aNarrowTerminalLeavesOutTheAddressRatherThanCutYourRow() throws Exception {
        open(Palette.colours());
        tui.press(KeyType.Enter);
        tui.awaitText("verified");

        tui.resize(66, 30);
        String narrow = tui.await("the 66-column layout", screen -> whole(screen, 66, 30));
        assertThat(narrow).containsPattern("CLIENT\\s+JOINED\\s+FINISHED")
                .containsPattern("Client01\\s+\\d\\d:\\d\\d:\\d\\d\\s+connected \\(you\\)")
                .containsPattern("\\[#+\\] +100% +1\\.4 MiB +\\d+\\.\\d \\S+/s")
                .doesNotContain("ADDRESS");
    }

    @Test
    void aTerminalTooSmallForTheLayoutDrawsWhatFitsAndRecovers() throws Exception {
        open(Palette.colours());

        tui.resize(30, 8);
        tui.await("the tiny layout", screen -> screen.split("\n").length == 8 && screen.contains("Fil"));
        tui.resize(120, 40);
        String back = tui.await("the 120x40 layout", screen -> whole(screen, 120, 40));
        assertThat(back).doesNotContain("internal error");
        assertThat(tui.running()).isTrue();
    }

    @Test
    void f1ShowsEveryKeyAndEscClosesIt() throws Exception {
        open(Palette.colours());

        tui.press(KeyType.F1);
        String help = tui.awaitText("Keys", "Anywhere");
        for (KeyGuide.Key key : KeyGuide.KEYS) {
            assertThat(help).contains(key.keys(), key.what(), key.place().heading);
        }
        tui.press(KeyType.Escape);
        tui.await("the help to close", screen -> !screen.contains("Anywhere"));

        tui.type("?");
        tui.awaitText("Anywhere");
        tui.type("?");
        tui.await("the help to close", screen -> !screen.contains("Anywhere"));
    }

    @Test
    void focusAndSelectionShowWithoutAnyColour() throws Exception {
        open(Palette.none());

        String screen = tui.awaitText("[ Files ]", "> 1.4 MiB  large_file.txt");
        assertNoColours();
        int row = rowContaining(screen, "> 1.4 MiB  large_file.txt");
        assertThat(tui.cell(tui.row(row).indexOf("large_file"), row).isReversed()).isTrue();

        tui.press(KeyType.Tab);
        String moved = tui.awaitText("[ Local ]");
        assertThat(moved).doesNotContain("[ Files ]").contains("> 1.4 MiB  large_file.txt");
        int fileRow = rowContaining(moved, "> 1.4 MiB  large_file.txt");
        assertThat(tui.cell(tui.row(fileRow).indexOf("large_file"), fileRow).isReversed())
                .as("only the focused pane reverses its selection").isFalse();
        assertNoColours();
    }

    @Test
    void aFileYouAlreadyHaveIsReplacedOnlyIfYouSaySo() throws Exception {
        open(Palette.colours());
        tui.press(KeyType.ArrowDown);
        tui.press(KeyType.Enter);
        tui.awaitText("sample.txt  verified");
        Files.writeString(downloads.resolve("sample.txt"), "mine");

        tui.press(KeyType.Enter);
        tui.awaitText("Replace sample.txt?", "[y] Replace", "[n] Keep it", "Enter or Esc: Keep it");
        tui.press(KeyType.Enter);
        tui.awaitText("kept ");
        assertThat(downloads.resolve("sample.txt")).hasContent("mine");

        tui.press(KeyType.Enter);
        tui.awaitText("Replace sample.txt?");
        tui.type("y");
        tui.await("a second verified download", screen -> screen.split("verified sample\\.txt", -1).length == 3);
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void getOverwriteOnTheCommandLineReplacesWithoutAsking() throws Exception {
        Files.writeString(downloads.resolve("sample.txt"), "mine");
        open(Palette.colours());
        tui.type(":");

        run("get --overwrite sample.txt");

        tui.awaitText("verified sample.txt");
        assertThat(tui.screen()).doesNotContain("Replace sample.txt?");
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void rRefreshesTheFileListAndSaysWhatItFound() throws Exception {
        open(Palette.colours());
        Files.writeString(repository.resolve("zebra.txt"), "new");

        tui.type("r");

        tui.awaitText("4 files", "3 B  zebra.txt", "refreshed: 4 files");
    }

    @Test
    void filesAreSortedAsPeopleReadNamesWhateverTheirCaseOrAccents() throws Exception {
        for (String name : List.of("Zeta.txt", "alpha.txt", "Émile.txt")) {
            Files.writeString(repository.resolve(name), name);
        }
        open(Palette.colours());

        String screen = tui.awaitText("6 files");
        List<String> order = List.of("alpha.txt", "Émile.txt", "large_file.txt", "sample.txt", "test1.txt", "Zeta.txt");
        for (int i = 1; i < order.size(); i++) {
            assertThat(rowContaining(screen, order.get(i))).as(order.get(i - 1) + " before " + order.get(i))
                    .isGreaterThan(rowContaining(screen, order.get(i - 1)));
        }
    }

    @Test
    void theFileListIsRefreshedAfterEveryDownload() throws Exception {
        open(Palette.colours());
        Files.writeString(repository.resolve("zebra.txt"), "new");

        tui.press(KeyType.Enter);

        tui.awaitText("large_file.txt  verified", "4 files", "3 B  zebra.txt");
        assertThat(tui.screen()).doesNotContain("refreshed:");
    }

    @Test
    void aDownloadOfNoSuchFileIsNotOfferedForResumingAndAFailedOneWithoutAPartIsGotAgainNotResumed() throws Exception {
        open(Palette.colours());
        tui.type(":");
        run("get nope.txt");
        tui.awaitText("nope.txt  failed: no such file");
        tui.press(KeyType.Escape);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        String footer = tui.awaitText("[ Transfers ]", "x clear finished");
        assertThat(footer).doesNotContain("Enter resume", "Enter get again");
    }

    @Test
    void xClearsTheFinishedGaugesAndKeepsTheRest() throws Exception {
        open(Palette.colours());
        tui.type(":");
        run("get sample.txt test1.txt");
        tui.awaitText("sample.txt  verified", "test1.txt  verified", "2 verified");
        tui.press(KeyType.Escape);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.press(KeyType.Tab);
        tui.awaitText("[ Transfers ]", "x clear finished");

        tui.type("x");

        String cleared = tui.awaitText("none left: the finished ones were cleared");
        assertThat(cleared).doesNotContain("sample.txt  verified", "test1.txt  verified")
                .doesNotContainPattern("[─═] 2 verified [─═]")
                .contains("verified sample.txt", "verified test1.txt");
    }

    @Test
    void aNameThatWouldLandOutsideTheDownloadFolderIsRefusedWithoutAskingToReplaceAnything() throws Exception {
        Path inner = Files.createDirectories(downloads.resolve("inner"));
        Files.writeString(downloads.resolve("outside.txt"), "not yours");
        tui = TuiHarness.start(daemon, inner, Palette.colours(), new TerminalSize(120, 40));
        tui.awaitText("1.4 MiB  large_file.txt", "connected (you)");
        tui.type(":");

        run("get ../outside.txt");

        tui.awaitText("! get ../outside.txt: refused name '../outside.txt': it would land");
        assertThat(tui.screen()).doesNotContain("Replace").contains("none yet: Enter on a file downloads it");
        assertThat(downloads.resolve("outside.txt")).hasContent("not yours");
    }

    @Test
    void theMessageLogScrollsBackAndEndFollowsAgain() throws Exception {
        daemon.close();
        daemon = TestDaemon.start(repository, settings -> settings.messagesPerSecond(1_000)); // forty lines at once
        open(Palette.colours());
        tui.type(":");
        for (int i = 1; i <= 40; i++) {
            run("message " + i);
        }
        tui.awaitText("message 40 ACK");
        tui.press(KeyType.ReverseTab);
        tui.awaitText("[ Messages ]");

        tui.press(KeyType.Home);
        String top = tui.awaitText("End follows", "connected to 127.0.0.1:");
        assertThat(top).doesNotContain("message 40 ACK");

        tui.press(KeyType.End);
        tui.await("the newest lines again", screen -> screen.contains("message 40 ACK") && !screen.contains("End follows"));
    }

    @Test
    void exitOnTheCommandLineQuitsLikeQ() throws Exception {
        open(Palette.colours());
        tui.type(":");
        tui.awaitText("Enter run");

        run("exit");

        assertThat(tui.awaitEnd()).isEqualTo(new TuiApp.Ending(null, null, "BYE from 127.0.0.1:" + daemon.port()));
    }

    @Test
    void qQuitsSaysGoodbyeToTheServerAndLeavesNoThreadBehind() throws Exception {
        open(Palette.colours());

        tui.type("q");

        TuiApp.Ending ending = tui.awaitEnd();
        assertThat(ending.failure()).isNull();
        assertThat(ending.lostConnection()).isNull();
        assertThat(tui.threadsLeft()).as("threads the UI started, still running").isEmpty();
        try (FerryClient after = another()) {
            List<ConnectionRow> rows = after.status().get(10, TimeUnit.SECONDS);
            assertThat(rows.get(0).name()).isEqualTo("Client01");
            assertThat(rows.get(0).connected()).isFalse();
        }
    }

    @Test
    void theServerGoingAwayIsOneClearMessageAndAnOfferToReconnect() throws Exception {
        open(Palette.colours());

        daemon.close();

        String screen = tui.awaitText("Connection lost", "[r] Reconnect", "[q] Quit");
        assertThat(screen).contains("! connection lost: ").doesNotContain("Exception", "\tat ", "at dev.ferry");
        tui.press(KeyType.Escape);
        tui.awaitText("offline (R reconnects): ", "R reconnect  ");

        tui.type("R");
        String failed = tui.await("the line saying R tries again", whole -> TuiHarness.paneBody(whole, "Messages")
                .replaceAll("\\s+", " ").contains("(R tries again)"));
        assertThat(failed).contains("cannot connect to 127.0.0.1:" + daemon.port());

        tui.type("q");
        assertThat(tui.awaitEnd().lostConnection()).isNotNull();
    }

    void run(String line) {
        tui.type(line);
        tui.press(KeyType.Enter);
    }

    void assertNoColours() {
        String[] rows = tui.screen().split("\n");
        for (int row = 0; row < rows.length; row++) {
            for (int column = 0; column < rows[row].length(); column++) {
                TextCharacter cell = tui.cell(column, row);
                assertThat(cell.getForegroundColor()).as("foreground at %d,%d", column, row).isEqualTo(TextColor.ANSI.DEFAULT);
                assertThat(cell.getBackgroundColor()).as("background at %d,%d", column, row).isEqualTo(TextColor.ANSI.DEFAULT);
            }
        }
    }

    /**
     * The whole screen is there at this size ({@link ScreenCheck}), with the command line and the
     * keys in their places.
     */
    static boolean whole(String screen, int columns, int rows) {
        String[] lines = screen.split("\n");
        return ScreenCheck.problems(screen, columns, rows).isEmpty()
                && lines[rows - 2].startsWith("Client01>") && lines[rows - 1].contains("q quit");
    }

    static int rowContaining(String screen, String text) {
        String[] lines = screen.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no row contains " + text);
    }
}
