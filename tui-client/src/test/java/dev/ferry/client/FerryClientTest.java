package dev.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.transfer.Parts;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seed's test cases and the core's promises, through the client library against an in-process daemon. */
@Timeout(120)
class FerryClientTest {

    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;
    final List<FerryClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository);
    }

    @AfterEach
    void stop() {
        clients.forEach(FerryClient::close);
        daemon.close();
    }

    FerryClient connect() throws FerryException {
        return connect(ClientListener.NONE);
    }

    FerryClient connect(ClientListener listener) throws FerryException {
        FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())), listener);
        clients.add(client);
        return client;
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------- seed test cases

    @Test
    void threeClientsAreNamedInOrderAndAFourthIsRefused() throws Exception {
        assertThat(List.of(connect().name(), connect().name(), connect().name()))
                .containsExactly("Client01", "Client02", "Client03");
        assertThatThrownBy(this::connect)
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.serverFull()).isTrue())
                .hasMessage("refused by 127.0.0.1:" + daemon.port()
                        + ": server full: 3 of 3 clients are connected; try again when one leaves");
    }

    @Test
    void messagesAreAcknowledgedAndTheOthersSeeThem() throws Exception {
        BlockingQueue<Message.Event> heard = new LinkedBlockingQueue<>();
        FerryClient first = connect(new ClientListener() {
            @Override
            public void onEvent(Message.Event event) {
                heard.add(event);
            }
        });
        FerryClient second = connect();
        assertThat(heard.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Message.Joined.class,
                joined -> assertThat(joined.name()).isEqualTo("Client02"));

        assertThat(await(second.say("hello from two"))).isEqualTo("hello from two");
        assertThat(heard.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Message.Chat.class, chat -> {
            assertThat(chat.from()).isEqualTo("Client02");
            assertThat(chat.text()).isEqualTo("hello from two");
        });
        assertThat(await(first.say("ünïcode ✓"))).isEqualTo("ünïcode ✓");
    }

    @Test
    void exitFreesASlotForANewClient() throws Exception {
        connect();
        connect();
        FerryClient third = connect();
        await(third.exit());
        assertThat(connect().name()).isEqualTo("Client04");
    }

    @Test
    void statusShowsWhoConnectedWhenFromWhereAndWhenTheyFinished() throws Exception {
        FerryClient first = connect();
        FerryClient second = connect();
        await(second.exit());
        FerryClient third = connect();

        List<ConnectionRow> rows = await(first.status());
        assertThat(rows).extracting(ConnectionRow::name).containsExactly("Client01", "Client02", "Client03");
        assertThat(rows.get(0).connected()).isTrue();
        assertThat(rows.get(1).finishedAt()).isNotNull().isAfterOrEqualTo(rows.get(1).acceptedAt());
        assertThat(rows.get(2).connected()).isTrue();
        assertThat(rows).allSatisfy(row -> assertThat(row.address()).startsWith("127.0.0.1:"));
        assertThat(await(third.who())).containsExactly("Client01", "Client03");
    }

    @Test
    void listGivesNamesAndSizesSortedByName() throws Exception {
        List<FileEntry> files = await(connect().list());
        assertThat(files).extracting(FileEntry::name, FileEntry::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("large_file.txt", 1_500_000L),
                org.assertj.core.groups.Tuple.tuple("sample.txt", 6L),
                org.assertj.core.groups.Tuple.tuple("test1.txt", 21L));
    }

    @Test
    void getSavesTheFileAfterVerifyingItsSha256() throws Exception {
        FerryClient client = connect();
        DownloadResult result = await(client.download("large_file.txt", downloads, false, DownloadListener.NONE).result());
        Path saved = downloads.resolve("large_file.txt");
        assertThat(result.file()).isEqualTo(saved.toAbsolutePath());
        assertThat(result.sha256()).isEqualTo(sha256(repository.resolve("large_file.txt")));
        assertThat(Files.mismatch(saved, repository.resolve("large_file.txt"))).isEqualTo(-1);
        assertThat(downloads.resolve("large_file.txt.part")).doesNotExist();
    }

    @Test
    void utilityCommandsAnswer() throws Exception {
        FerryClient client = connect();
        assertThat(await(client.ping())).isPositive();
        Message.UptimeReply uptime = await(client.uptime());
        assertThat(uptime.uptime()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(await(client.help())).contains("list", "get NAME", "status", "who", "ping", "uptime", "about", "exit");
        Message.AboutReply about = await(client.about());
        assertThat(about.name()).isEqualTo("ferryd");
        assertThat(about.protocol()).isEqualTo(Wire.PROTOCOL_VERSION);
        assertThat(await(client.who())).containsExactly("Client01");
    }

    // ------------------------------------------------------------- beyond the seeds

    @Test
    void aResumedDownloadTransfersOnlyTheMissingBytes() throws Exception {
        Path source = repository.resolve("large_file.txt");
        byte[] all = Files.readAllBytes(source);
        int kept = 150 * 4096;
        Path part = downloads.resolve("large_file.txt.part");
        Files.write(part, java.util.Arrays.copyOf(all, kept));
        Parts.mark(part, "large_file.txt", all.length, Files.getLastModifiedTime(source).toInstant());
        AtomicLong firstReported = new AtomicLong(-1);

        Download download = connect().download("large_file.txt", downloads, false, new DownloadListener() {
            @Override
            public void started(Download d, long size, long resumedFrom) {
                firstReported.set(resumedFrom);
            }
        });
        DownloadResult result = await(download.result());

        assertThat(firstReported.get()).isEqualTo(kept);
        assertThat(result.resumedFrom()).isEqualTo(kept);
        assertThat(result.transferred()).isEqualTo(all.length - kept);
        assertThat(clients.get(0).dataBytesReceived()).isEqualTo(all.length - kept);
        assertThat(Files.readAllBytes(downloads.resolve("large_file.txt"))).isEqualTo(all);
    }

    @Test
    void aPartIsResumedFromItsLastWholeDiskBlock() throws Exception {
        Path source = repository.resolve("large_file.txt");
        byte[] all = Files.readAllBytes(source);
        Path part = downloads.resolve("large_file.txt.part");
        Files.write(part, java.util.Arrays.copyOf(all, 10_000));
        Parts.mark(part, "large_file.txt", all.length, Files.getLastModifiedTime(source).toInstant());

        DownloadResult result = await(connect().download("large_file.txt", downloads, false, DownloadListener.NONE).result());
        assertThat(result.resumedFrom()).isEqualTo(8192);
        assertThat(Files.readAllBytes(downloads.resolve("large_file.txt"))).isEqualTo(all);
    }

    @Test
    void aPartFromAnOlderVersionOfTheFileIsStartedAfresh() throws Exception {
        Path part = downloads.resolve("large_file.txt.part");
        Files.writeString(part, "the start of an older version");
        Parts.mark(part, "large_file.txt", 999, java.time.Instant.parse("2020-01-01T00:00:00Z"));
        DownloadResult result = await(connect().download("large_file.txt", downloads, false, DownloadListener.NONE).result());
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.mismatch(downloads.resolve("large_file.txt"), repository.resolve("large_file.txt"))).isEqualTo(-1);
        assertThat(part).doesNotExist();
    }

    @Test
    void aPartFileFerryDidNotWriteIsNeverTouchedWithoutOverwrite() throws Exception {
        Path part = downloads.resolve("large_file.txt.part");
        Files.writeString(part, "somebody else's file");
        FerryClient client = connect();
        assertThatThrownBy(() -> await(client.download("large_file.txt", downloads, false, DownloadListener.NONE).result()))
                .cause().isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.EXISTS))
                .hasMessage(part.toAbsolutePath() + " exists and is not a partial download of large_file.txt");
        assertThat(part).hasContent("somebody else's file");

        await(client.download("large_file.txt", downloads, true, DownloadListener.NONE).result());
        assertThat(Files.mismatch(downloads.resolve("large_file.txt"), repository.resolve("large_file.txt"))).isEqualTo(-1);
    }

    @Test
    void aServedFileNamedLikeAPartIsNeverMistakenForOne() throws Exception {
        Files.writeString(repository.resolve("notes.txt"), "the notes");
        Files.writeString(repository.resolve("notes.txt.part"), "a file that happens to end in .part");
        FerryClient client = connect();
        await(client.download("notes.txt.part", downloads, false, DownloadListener.NONE).result());
        assertThatThrownBy(() -> await(client.download("notes.txt", downloads, false, DownloadListener.NONE).result()))
                .hasMessageContaining("is not a partial download of notes.txt");
        assertThat(downloads.resolve("notes.txt.part")).hasContent("a file that happens to end in .part");
        assertThat(downloads.resolve("notes.txt")).doesNotExist();
    }

    @Test
    void askingTwiceForTheSameDownloadGivesTheSameDownload() throws Exception {
        FerryClient client = connect();
        Download first = client.download("large_file.txt", downloads, false, DownloadListener.NONE);
        Download second = client.download("large_file.txt", downloads, false, DownloadListener.NONE);
        assertThat(second).isSameAs(first);
        assertThat(await(first.result()).size()).isEqualTo(1_500_000);
    }

    @Test
    void askingAgainAfterADownloadFinishedStartsANewOne() throws Exception {
        FerryClient client = connect();
        Download first = client.download("sample.txt", downloads, true, DownloadListener.NONE);
        await(first.result());
        Files.writeString(downloads.resolve("sample.txt"), "changed locally");
        Download second = client.download("sample.txt", downloads, true, DownloadListener.NONE);
        assertThat(second).isNotSameAs(first);
        await(second.result());
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void aFinishedFileCarriesNoDownloadMark() throws Exception {
        await(connect().download("sample.txt", downloads, false, DownloadListener.NONE).result());
        assertThat(Parts.unmarked(downloads.resolve("sample.txt"), "sample.txt")).isTrue();
    }

    @Test
    void aPingIsAnsweredWhileADownloadIsInProgressOnTheSameConnection() throws Exception {
        long size = 128L << 20;
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(size);
        }
        FerryClient client = connect();
        CountDownLatch dataFlowing = new CountDownLatch(1);
        Download download = client.download("big.bin", downloads, false, new DownloadListener() {
            @Override
            public void progress(Download d, long received, long total) {
                dataFlowing.countDown();
            }
        });
        assertThat(dataFlowing.await(30, TimeUnit.SECONDS)).isTrue();

        // the pong completes on the reader thread, so this sees the download exactly where the pong overtook it
        long receivedWhenPongArrived = await(client.ping().thenApply(rtt -> download.done()));
        assertThat(receivedWhenPongArrived).isLessThan(size);
        assertThat(await(download.result()).size()).isEqualTo(size);
    }

    @Test
    void severalDownloadsShareOneConnection() throws Exception {
        FerryClient client = connect();
        List<Download> all = List.of(
                client.download("large_file.txt", downloads, false, DownloadListener.NONE),
                client.download("sample.txt", downloads, false, DownloadListener.NONE),
                client.download("test1.txt", downloads, false, DownloadListener.NONE));
        for (Download download : all) {
            DownloadResult result = await(download.result());
            assertThat(result.sha256()).isEqualTo(sha256(repository.resolve(download.name())));
        }
    }

    @Test
    void moreDownloadsThanTheServerAllowsInFlightWaitTheirTurn() throws Exception {
        daemon.close();
        daemon = TestDaemon.start(repository, b -> b.maxTransfers(2));
        FerryClient client = connect();
        List<Download> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Files.writeString(repository.resolve("f" + i + ".txt"), "file " + i);
            all.add(client.download("f" + i + ".txt", downloads, false, DownloadListener.NONE));
        }
        for (Download download : all) {
            assertThat(await(download.result()).size()).isEqualTo(6);
        }
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aNameWithSpacesAndNonAsciiLettersDownloadsIntact() throws Exception {
        String name = "Café menu – ünïcode 日本.txt";
        Files.writeString(repository.resolve(name), "crème brûlée\n");
        FerryClient client = connect();
        assertThat(await(client.list())).extracting(FileEntry::name).contains(name);
        DownloadResult result = await(client.download(name, downloads, false, DownloadListener.NONE).result());
        assertThat(Files.readString(downloads.resolve(name))).isEqualTo("crème brûlée\n");
        assertThat(result.sha256()).isEqualTo(DigestUtils.sha256Hex("crème brûlée\n"));
    }

    @Test
    void anEmptyFileDownloadsIntact() throws Exception {
        Files.write(repository.resolve("empty.dat"), new byte[0]);
        DownloadResult result = await(connect().download("empty.dat", downloads, false, DownloadListener.NONE).result());
        assertThat(downloads.resolve("empty.dat")).exists().isEmptyFile();
        assertThat(result.sha256()).isEqualTo(DigestUtils.sha256Hex(new byte[0]));
    }

    @Test
    void aHundredMebibyteFileDownloadsIntact() throws Exception {
        Path source = repository.resolve("hundred.bin");
        writeRandom(source, 100L << 20, 42);
        DownloadResult result = await(connect().download("hundred.bin", downloads, false, DownloadListener.NONE).result());
        assertThat(result.size()).isEqualTo(100L << 20);
        assertThat(result.sha256()).isEqualTo(sha256(source));
        assertThat(Files.mismatch(downloads.resolve("hundred.bin"), source)).isEqualTo(-1);
    }

    @Test
    void filesInSubfoldersLandInTheSameSubfolders() throws Exception {
        Files.createDirectories(repository.resolve("docs/notes"));
        Files.writeString(repository.resolve("docs/notes/readme.md"), "# notes\n");
        await(connect().download("docs/notes/readme.md", downloads, false, DownloadListener.NONE).result());
        assertThat(downloads.resolve("docs/notes/readme.md")).hasContent("# notes");
    }

    @Test
    void anExistingFileIsNotOverwrittenUnlessAsked() throws Exception {
        Files.writeString(downloads.resolve("sample.txt"), "mine");
        FerryClient client = connect();
        assertThatThrownBy(() -> await(client.download("sample.txt", downloads, false, DownloadListener.NONE).result()))
                .cause().isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.EXISTS))
                .hasMessageEndingWith("sample.txt already exists");
        assertThat(downloads.resolve("sample.txt")).hasContent("mine");

        await(client.download("sample.txt", downloads, true, DownloadListener.NONE).result());
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void aMissingFileFailsWithTheServersReasonAndLeavesNothingBehind() throws Exception {
        FerryClient client = connect();
        Download download = client.download("nope.txt", downloads, false, DownloadListener.NONE);
        assertThatThrownBy(() -> await(download.result())).cause()
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE))
                .hasMessage("no such file: nope.txt");
        assertThat(downloads).isEmptyDirectory();
        assertThat(await(client.ping())).isPositive();
    }

    @Test
    void aNameThatWouldLandOutsideTheFolderIsRefusedLocally() throws Exception {
        Download download = connect().download("../escape.txt", downloads, false, DownloadListener.NONE);
        assertThatThrownBy(() -> download.result().join())
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("refused name '../escape.txt'");
    }

    @Test
    void textOverTheLimitIsRefusedBeforeSending() throws Exception {
        FerryClient client = connect();
        assertThatThrownBy(() -> await(client.say("x".repeat(5000)))).hasMessageContaining("message too long: 5000 bytes");
        assertThat(await(client.say("short"))).isEqualTo("short");
    }

    @Test
    void noServerIsACleanConnectFailure() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", port), ClientListener.NONE))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.CONNECT))
                .hasMessage("cannot connect to 127.0.0.1:" + port + ": connection refused (is ferryd running?)");
    }

    @Test
    void theServerGoingAwayFailsWhatIsInFlightAndTellsTheListener() throws Exception {
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        FerryClient client = connect(new ClientListener() {
            @Override
            public void onClosed(String reason, boolean requested) {
                closes.add(reason + (requested ? " (requested)" : ""));
            }
        });
        daemon.close();
        assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("the server said goodbye: ferryd is shutting down");
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> await(client.ping())).hasCauseInstanceOf(FerryException.class);
    }

    @Test
    void aDownloadTheServerStopsAsItShutsDownIsLikeADropAndSaysSoOnceInHumanUnits() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(512L << 20);
        }
        FerryClient client = connect();
        CountDownLatch moving = new CountDownLatch(1);
        Download download = client.download("big.bin", downloads, false, new DownloadListener() {
            @Override
            public void progress(Download d, long received, long size) {
                moving.countDown();
            }
        });
        assertThat(moving.await(30, TimeUnit.SECONDS)).as("the data started").isTrue();

        daemon.close();

        Path part = downloads.resolve("big.bin.part");
        assertThatThrownBy(() -> await(download.result())).cause()
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FerryException.Kind.LOST);
                    assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
                    assertThat(e.reason()).isEqualTo("stopped: server shutting down");
                    assertThat(e.getMessage()).matches("stopped: server shutting down; " + java.util.regex.Pattern.quote(
                            part.toString()) + " kept \\([\\d.]+ \\S+ of 512\\.0 MiB\\), get it again to resume");
                });
        assertThat(part).exists();
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }
}
