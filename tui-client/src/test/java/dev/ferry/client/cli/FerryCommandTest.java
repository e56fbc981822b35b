package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.term.Dimensions;
import dev.ferry.client.transfer.Parts;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The ferry command line, run in this JVM against an in-process daemon. */
@Timeout(120)
class FerryCommandTest {

    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;
    String port;
    final List<FerryClient> others = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository);
        port = Integer.toString(daemon.port());
    }

    @AfterEach
    void stop() {
        others.forEach(FerryClient::close);
        daemon.close();
    }

    CommandRun ferry(String... args) {
        List<String> all = new ArrayList<>(List.of("--port", port, "--fingerprint", daemon.fingerprint()));
        all.addAll(List.of(args));
        CommandRun run = CommandRun.of(all.toArray(String[]::new));
        assertThat(run.err()).as("stderr is never a stack trace").doesNotContain("\tat ", "Exception");
        return run;
    }

    FerryClient other() throws Exception {
        FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE);
        others.add(client);
        return client;
    }

    @Test
    void listPrintsSizesThenNames() {
        CommandRun run = ferry("list");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("1.4 MiB  large_file.txt\n    6 B  sample.txt\n   21 B  test1.txt\n");
        assertThat(ferry("list", "--bytes").out()).isEqualTo("1500000  large_file.txt\n      6  sample.txt\n     21  test1.txt\n");
    }

    @Test
    void getSavesVerifiedFilesAndSaysSo() throws IOException {
        CommandRun run = ferry("get", "sample.txt", "large_file.txt", "-o", downloads.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "verified  " + downloads.resolve("sample.txt") + "  6 B  sha256 " + DigestUtils.sha256Hex("hello\n"),
                "verified  " + downloads.resolve("large_file.txt") + "  1.4 MiB  sha256 "
                        + DigestUtils.sha256Hex(Files.readAllBytes(repository.resolve("large_file.txt"))));
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void progressBarsTakeOneRowEachAtAnyWidthSoRedrawingInPlaceLeavesNoFragments() {
        for (int columns : new int[] {80, 40}) {
            Path into = downloads.resolve(columns + "-columns");
            CommandRun run = CommandRun.onTerminal(new Dimensions(columns, 24), "--port", port, "--fingerprint", daemon.fingerprint(),
                    "get", "large_file.txt", "sample.txt", "test1.txt", "-o", into.toString());
            assertThat(run.status()).isZero();
            List<String> screen = ScreenModel.render(run.err(), columns);
            assertThat(screen).as("stderr on a %d-column terminal", columns).hasSize(3);
            assertThat(screen.get(0)).startsWith("large_file.txt").contains("100%");
            assertThat(screen.get(1)).startsWith("sample.txt").contains("100%");
            assertThat(screen.get(2)).startsWith("test1.txt").contains("100%");
            assertThat(screen).allMatch(row -> row.length() < columns);
        }
    }

    @Test
    void moreDownloadsThanTheTerminalHasRowsEndOnACount() throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", port, "--fingerprint", daemon.fingerprint(), "get", "-o",
                downloads.toString()));
        for (int i = 0; i < 6; i++) {
            Files.writeString(repository.resolve("f" + i + ".txt"), "file " + i);
            args.add("f" + i + ".txt");
        }
        CommandRun run = CommandRun.onTerminal(new Dimensions(80, 5), args.toArray(String[]::new));
        assertThat(run.status()).isZero();
        assertThat(ScreenModel.render(run.err(), 80)).containsExactly("all 6 received");
        assertThat(run.out().lines()).hasSize(6).allMatch(l -> l.startsWith("verified  "));
    }

    @Test
    void aFailedGetExitsOneAndStillSavesTheOthers() {
        CommandRun run = ferry("get", "nope.txt", "sample.txt", "-o", downloads.toString());
        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).isEqualTo("ferry: get nope.txt: no such file: nope.txt\n");
        assertThat(run.out()).startsWith("verified  ");
        assertThat(downloads.resolve("sample.txt")).exists();
    }

    @Test
    void anExistingFileIsKeptUnlessOverwriteIsGiven() throws IOException {
        Files.writeString(downloads.resolve("sample.txt"), "mine");
        CommandRun refused = ferry("get", "sample.txt", "-o", downloads.toString());
        assertThat(refused.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).endsWith("sample.txt already exists (use --overwrite to replace it)\n");
        assertThat(downloads.resolve("sample.txt")).hasContent("mine");

        assertThat(ferry("get", "--overwrite", "sample.txt", "-o", downloads.toString()).status()).isZero();
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void aDownloadFolderThatCannotBeMadeIsNamedWithTheReason() throws IOException {
        Path notes = Files.writeString(downloads.resolve("notes.txt"), "a file, not a folder");
        for (Path folder : List.of(notes, notes.resolve("inside"))) {
            CommandRun run = ferry("get", "sample.txt", "-o", folder.toString());
            assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).isEqualTo("ferry: get sample.txt: cannot write " + folder.resolve("sample.txt.part")
                    + ": " + notes + ": not a folder\n");
        }
        assertThat(notes).hasContent("a file, not a folder");
    }

    @Test
    void aGetResumesFromThePartLeftBehindAndFetchesOnlyTheMissingBytes() throws Exception {
        Path source = repository.resolve("large_file.txt");
        int kept = 150 * 4096;
        Parts.interrupted(source, "large_file.txt", downloads.resolve("large_file.txt.part"), kept);
        ListAppender<ILoggingEvent> daemonLog = daemonLog();
        try {
            CommandRun run = ferry("get", "large_file.txt", "-o", downloads.toString());

            assertThat(run.status()).isZero();
            assertThat(run.out()).isEqualTo("verified  " + downloads.resolve("large_file.txt") + "  1.4 MiB  sha256 "
                    + DigestUtils.sha256Hex(Files.readAllBytes(source)) + "  (resumed at 600.0 KiB)\n");
            assertThat(daemonLog.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.matches("Client01 sent large_file\\.txt: " + (1_500_000 - kept)
                            + " bytes from offset " + kept + " in .*"));
        } finally {
            ((Logger) LoggerFactory.getLogger(SESSION_TRANSFERS)).detachAppender(daemonLog);
        }
        assertThat(Files.mismatch(downloads.resolve("large_file.txt"), source)).isEqualTo(-1);
        assertThat(downloads.resolve("large_file.txt.part")).doesNotExist();
    }

    static final String SESSION_TRANSFERS = "dev.ferry.daemon.transfer.Downloads";

    /** What the daemon logs about the transfers it makes, from now on. */
    static ListAppender<ILoggingEvent> daemonLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(SESSION_TRANSFERS)).addAppender(appender);
        return appender;
    }

    @Test
    void namesThatWouldLeaveTheirFolderAreOneLineEachAndTheRestGoesOn() throws Exception {
        Files.createSymbolicLink(repository.resolve("escape.txt"), Files.writeString(downloads.resolve("secret.txt"), "secret"));
        Path into = downloads.resolve("into");
        CommandRun run = ferry("get", "..", "/etc/passwd", "../outside.txt", "escape.txt", "sample.txt", "-o", into.toString());

        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).hasSize(4).satisfiesExactly(
                line -> assertThat(line).startsWith("ferry: get ..: refused name '..': it would land outside "),
                line -> assertThat(line).startsWith("ferry: get /etc/passwd: refused name '/etc/passwd': names are relative"),
                line -> assertThat(line).startsWith("ferry: get ../outside.txt: refused name '../outside.txt'"),
                line -> assertThat(line).isEqualTo("ferry: get escape.txt: escape.txt is a link that leads out of the repository"));
        assertThat(run.out()).startsWith("verified  " + into.resolve("sample.txt"));
        try (java.util.stream.Stream<Path> files = Files.list(into)) {
            assertThat(files).containsExactly(into.resolve("sample.txt"));
        }
        assertThat(ferry("list").status()).as("the daemon still serves").isZero();
    }

    @Test
    void aFileThatFailsVerificationExitsOneAndNothingIsKept() throws Exception {
        byte[] content = "the real content\n".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FakeServer liar = FakeServer.builder().software("liar/1").file("file.txt", content).anyName()
                .digest(DigestUtils.sha256("something else")).start()) {
            CommandRun run = CommandRun.of("--port", Integer.toString(liar.port()), "--no-tls", "get", "file.txt", "-o", downloads.toString());

            assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("ferry: get file.txt: SHA-256 mismatch for file.txt: the server sent "
                    + DigestUtils.sha256Hex("something else") + ", the data received hashes to "
                    + DigestUtils.sha256Hex(content) + "; nothing was kept\n");
        }
        assertThat(downloads.resolve("file.txt")).doesNotExist();
        assertThat(downloads.resolve("file.txt.part")).doesNotExist();
    }

    @Test
    void exitInTheShellFreesItsPlaceForTheNextClient() throws Exception {
        other();
        other();
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        LineQueue shellOut = new LineQueue();
        CompletableFuture<Integer> shell = CompletableFuture.supplyAsync(() -> CommandRun.run(
                new Streams(stdin, false, false, false), new PrintWriter(shellOut),
                new PrintWriter(new StringWriter()), "--port", port, "--fingerprint", daemon.fingerprint(), "shell", "-o", downloads.toString()));
        shellOut.await(line -> line.contains(" as Client03 "), "saying the shell is Client03", 30);
        assertThat(ferry("list").status()).as("a fourth client while the shell is in").isEqualTo(ExitCodes.SERVER_FULL);

        typing.write("exit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        typing.flush();
        shellOut.await("BYE"::equals, "saying goodbye", 30);
        assertThat(shell.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(daemon.daemon().awaitLiveSessions(2, java.time.Duration.ofSeconds(30))).isTrue();

        CommandRun after = ferry("who");
        assertThat(after.status()).isZero();
        assertThat(after.out()).isEqualTo("Client01\nClient02\nClient04 (you)\n");
        typing.close();
    }

    @Test
    void statusShowsFinishedTimesAndMarksYou() throws Exception {
        other().exit().get(10, TimeUnit.SECONDS);
        CommandRun run = ferry("status");
        assertThat(run.status()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("CLIENT\\s+ADDRESS\\s+JOINED\\s+FINISHED");
        assertThat(lines.get(1)).matches("Client01\\s+127\\.0\\.0\\.1:\\d+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(lines.get(2)).matches("Client02\\s+127\\.0\\.0\\.1:\\d+\\s+\\S+ \\S+\\s+connected \\(you\\)");
    }

    @Test
    void whoListsTheConnectedClients() throws Exception {
        other();
        assertThat(ferry("who").out()).isEqualTo("Client01\nClient02 (you)\n");
    }

    @Test
    void pingReportsLikePing8WithTheNinetyNinthPercentile() {
        CommandRun run = ferry("ping", "-c", "5", "-i", "0");
        assertThat(run.status()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("PING 127.0.0.1:" + port + " (ferryd/" + dev.ferry.protocol.FerryVersion.get() + ") as Client01");
        assertThat(lines.subList(1, 6)).allMatch(l -> l.matches("pong from 127\\.0\\.0\\.1:\\d+: seq=\\d time=\\d+\\.\\d{3} ms"));
        assertThat(lines).contains("5 pings sent, 5 pongs received, 0% lost, time " + lines.get(8).replaceAll(".*time ", ""));
        assertThat(lines.get(9)).matches("rtt min/avg/p99/max = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
        assertThat(ferry("ping", "-q", "-c", "3", "-i", "0").out().lines()).hasSize(5);
    }

    @Test
    void sendPrintsTheAck() {
        assertThat(ferry("send", "hello", "everyone").out()).isEqualTo("hello everyone ACK\n");
    }

    @Test
    void anEmptyOrBlankMessageIsAUsageErrorAndNothingIsSent() throws Exception {
        for (String text : List.of("", "   ")) {
            CommandRun run = ferry("send", text);
            assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("ferry: send: the message is " + (text.isEmpty() ? "empty" : "only spaces")
                    + "; there is nothing to send\nTry 'ferry send --help' for usage.\n");
        }
        assertThat(other().status().get(10, TimeUnit.SECONDS)).as("no connection was made for them").hasSize(1);
    }

    @Test
    void namesTooLongEndWithOneLineEachNotAHang() throws Exception {
        String tooLongToSend = "\uD83D\uDCC1".repeat(300); // 300 characters, 1200 bytes: more than a request carries
        String partTooLong = "n".repeat(300); // sendable, but one part is over 255 bytes
        // the long names come last, queued behind transfers that hold every slot
        CommandRun run = bounded(() -> ferry("get", "large_file.txt", "sample.txt", "test1.txt", tooLongToSend, partTooLong,
                "-o", downloads.toString()));
        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out().lines()).hasSize(3).allMatch(line -> line.startsWith("verified  "));
        assertThat(run.err().lines()).containsExactly(
                "ferry: get " + tooLongToSend + ": refused name '" + tooLongToSend + "': names are at most 1024 bytes long",
                "ferry: get " + partTooLong + ": refused a name with a part longer than 255 bytes");
        try (var left = Files.list(downloads)) {
            assertThat(left).extracting(Path::getFileName).extracting(Path::toString)
                    .containsExactlyInAnyOrder("large_file.txt", "sample.txt", "test1.txt");
        }
    }

    @Test
    void aResetConnectionIsToldInFerrysWords() throws Exception {
        try (FakeServer resetting = FakeServer.builder().software("reset/1").resetAfterFirstRequest().start()) {
            CommandRun run = bounded(() -> CommandRun.of("--port", Integer.toString(resetting.port()), "--no-tls", "list"));
            assertThat(run.status()).isNotZero();
            assertThat(run.err()).isEqualTo("ferry: connection lost: the server reset the connection\n")
                    .doesNotContain("Connection reset");
        }
    }

    /** A run that must end: one that hangs fails the test after 30 s instead of holding up the build. */
    private static CommandRun bounded(java.util.function.Supplier<CommandRun> ferry) throws Exception {
        CompletableFuture<CommandRun> run = new CompletableFuture<>();
        Thread running = new Thread(() -> {
            try {
                run.complete(ferry.get());
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        }, "bounded-ferry-run");
        running.setDaemon(true); // a hung run must not keep the test JVM alive
        running.start();
        try {
            return run.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("ferry did not end within 30 s", e);
        }
    }

    @Test
    void controlCharactersInANameAreShownNotSentToTheTerminal() {
        String name = "bad\u001b[31mred\u0007";
        CommandRun piped = ferry("get", name, "-o", downloads.toString());
        CommandRun onTerminal = CommandRun.onTerminal("--port", port, "--fingerprint", daemon.fingerprint(), "get", name, "-o", downloads.toString());
        for (CommandRun run : List.of(piped, onTerminal)) {
            assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).doesNotContain("\u001b[31m", "\u0007")
                    .contains("ferry: get bad\uFFFD[31mred\uFFFD: ");
        }
        CommandRun unknown = CommandRun.of("frobnicate\u001b[2J");
        assertThat(unknown.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).doesNotContain("\u001b").contains("frobnicate\uFFFD[2J");
    }

    @Test
    void uptimeAboutAndHelpAnswer() {
        assertThat(ferry("uptime").out()).matches("up \\d+ m?s \\(since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\)\\n");
        assertThat(ferry("about").out()).matches("ferryd \\S+, protocol 2: serving \\S+ to at most 3 clients\n"
                + "connection: TLS 1\\.3, TLS_AES_128_GCM_SHA256 \\((BoringSSL|JDK)\\)\n");
        assertThat(ferry("help").out()).contains("get NAME...", "anything else");
    }

    @Test
    void aFullServerExitsThree() throws Exception {
        other();
        other();
        other();
        CommandRun run = ferry("list");
        assertThat(run.status()).isEqualTo(ExitCodes.SERVER_FULL);
        assertThat(run.err()).isEqualTo("ferry: refused by 127.0.0.1:" + port
                + ": server full: 3 of 3 clients are connected; try again when one leaves\n");
    }

    @Test
    @SuppressWarnings("try") // the silent connection is there only to take the handshake place
    void aServerTooBusyWithHandshakesExitsThreeLikeAFullOne() throws Exception {
        try (TestDaemon busy = TestDaemon.start(repository.resolve("busy"),
                settings -> settings.maxHandshakes(1).handshakeTimeout(java.time.Duration.ofSeconds(60)));
             java.net.Socket silent = new java.net.Socket(InetAddress.getLoopbackAddress(), busy.port())) {
            CommandRun run = CommandRun.of("--port", Integer.toString(busy.port()), "list");
            assertThat(run.status()).isEqualTo(ExitCodes.SERVER_FULL);
            assertThat(run.err()).isEqualTo("ferry: refused by 127.0.0.1:" + busy.port()
                    + ": too many connections are waiting to say HELLO; try again shortly\n");
        }
    }

    @Test
    void noServerExitsFourNamingHostPortAndReason() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        CommandRun run = CommandRun.of("--port", Integer.toString(closed), "list");
        assertThat(run.status()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(run.err()).isEqualTo("ferry: cannot connect to 127.0.0.1:" + closed
                + ": connection refused (is ferryd running?)\n");
        CommandRun unknown = CommandRun.of("--host", "no-such-host.invalid", "list");
        assertThat(unknown.status()).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(unknown.err()).isEqualTo("ferry: cannot connect to no-such-host.invalid:50000: unknown host\n");
    }

    @Test
    void usageErrorsExitTwo() {
        CommandRun noNames = ferry("get");
        assertThat(noNames.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(noNames.err()).isEqualTo("ferry: ferry get needs NAME\nTry 'ferry get --help' for usage.\n");
        CommandRun unknown = CommandRun.of("frobnicate");
        assertThat(unknown.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("ferry: unknown command: 'frobnicate' (commands: list, get, ");
        CommandRun extra = ferry("list", "extra");
        assertThat(extra.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(extra.err()).isEqualTo("ferry: unexpected argument for ferry list: 'extra'\nTry 'ferry list --help' for usage.\n");
        assertThat(ferry("ping", "-c", "0").status()).isEqualTo(ExitCodes.USAGE);
        CommandRun afterDashes = ferry("list", "--", "-x");
        assertThat(afterDashes.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(afterDashes.err()).isEqualTo("ferry: unexpected argument for ferry list: '-x'\nTry 'ferry list --help' for usage.\n");
        CommandRun option = ferry("list", "-x");
        assertThat(option.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).isEqualTo("ferry: unknown option for ferry list: '-x'\nTry 'ferry list --help' for usage.\n");
        assertThat(CommandRun.of("--port", "99999", "list").status()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltButHelpListsThemAll() {
        assertThat(FerryCommand.subcommandNamed("--port", "5", "get", "x")).isEqualTo("get");
        assertThat(FerryCommand.subcommandNamed("--host=h", "--port=5", "list")).isEqualTo("list");
        assertThat(FerryCommand.subcommandNamed("--host", "list", "who")).isEqualTo("who");
        assertThat(FerryCommand.subcommandNamed("--help")).isNull();
        assertThat(FerryCommand.subcommandNamed("frobnicate")).isNull();
        assertThat(CommandRun.of("list", "--help").out()).contains("Usage: ferry list");
    }

    @Test
    void helpAndVersionNeedNoServer() {
        CommandRun help = CommandRun.of("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("list", "get", "status", "who", "ping", "uptime", "help", "about", "send", "shell",
                "--host", "--port");
        assertThat(CommandRun.of("--version").out()).matches("ferry \\S+ \\(Ferry protocol 2\\)\\n");
    }
}
