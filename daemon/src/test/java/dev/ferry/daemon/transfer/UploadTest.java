package dev.ferry.daemon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads end to end against an in-process daemon: the mirror of the download tests. */
@Timeout(60)
class UploadTest {
    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    TestDaemon daemon;

    private Path repository() {
        return ferryd.repository();
    }

    private void startOpen() throws IOException {
        daemon = ferryd.start(b -> b.uploads(RawUpload.OPEN));
    }

    private RawClient client() throws IOException {
        return ferryd.client();
    }

    private List<Path> partials() {
        return ferryd.partials();
    }

    @Test
    void anUploadIsVerifiedThenRenamedIntoPlaceAndLogged() throws Exception {
        startOpen();
        Logged logged = Logged.from(Uploads.class);
        RawClient client = client();
        assertThat(client.welcome().write()).as("WELCOME says it may write").isTrue();
        byte[] content = RawUpload.content(40 << 20, 1); // beyond the first window: grants are needed

        Message last = RawUpload.upload(client, 1, "incoming/report.bin", content, false);

        assertThat(last).isEqualTo(new PutDone(content.length, false));
        assertThat(Files.readAllBytes(repository().resolve("incoming/report.bin"))).isEqualTo(content);
        assertThat(partials()).as("no partial left behind").isEmpty();
        String hex = HexFormat.of().formatHex(RawUpload.sha256(content));
        assertThat(logged.lines()).anySatisfy(line -> assertThat(line).contains("Client01 uploaded incoming/report.bin: "
                + content.length + " bytes from offset 0 in ").contains("sha256=" + hex).contains("key none"));
        logged.stop();
        client.send(2, new Message.ListFiles());
        assertThat(((Message.FileList) RawUpload.reply(client, 2)).files()).extracting(Message.FileEntry::name)
                .contains("incoming/report.bin");
    }

    @Test
    void uploadsAreOffByDefaultAndRefusedBeforeTheirFirstByte() throws Exception {
        daemon = ferryd.start(b -> b);
        RawClient client = client();
        assertThat(client.welcome().write()).isFalse();

        Message answer = RawUpload.open(client, 1, new Put("new.txt", 5, false));

        assertThat(answer).isInstanceOfSatisfying(ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.READ_ONLY);
            assertThat(error.message()).contains("only from access keys made to write");
        });
        assertThat(repository().resolve("new.txt")).doesNotExist();
        assertThat(partials()).isEmpty();
        client.send(2, new Message.Ping(7));
        assertThat(RawUpload.reply(client, 2)).isEqualTo(new Message.Pong(7));
    }

    @Test
    void onlyAKeyMadeToWriteMayUpload() throws Exception {
        daemon = ferryd.start(b -> b.auth(AuthMode.KEYS).authPause(java.time.Duration.ZERO));
        KeyAdmin admin = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), Clock.systemUTC());
        KeyAdmin.NewKey reader = admin.create("reader", false, null);
        KeyAdmin.NewKey writer = admin.create("writer", true, null);
        RawClient readOnly = ferryd.client(reader.secret());
        RawClient mayWrite = ferryd.client(writer.secret());
        Logged logged = Logged.from(Uploads.class);

        Message refused = RawUpload.open(readOnly, 1, new Put("from-reader.txt", 3, false));
        Message done = RawUpload.upload(mayWrite, 1, "from-writer.txt", "abc".getBytes(StandardCharsets.UTF_8), false);

        assertThat(refused).isInstanceOfSatisfying(ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.READ_ONLY);
            assertThat(error.message()).contains("its access key may only read");
        });
        assertThat(done).isEqualTo(new PutDone(3, false));
        assertThat(repository().resolve("from-reader.txt")).doesNotExist();
        assertThat(Files.readString(repository().resolve("from-writer.txt"))).isEqualTo("abc");
        assertThat(logged.lines()).anySatisfy(line -> assertThat(line).contains("uploaded from-writer.txt").contains("key writer"));
        logged.stop();
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenTheClientAsks() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] fresh = "the new sample\n".getBytes(StandardCharsets.UTF_8);

        Message refused = RawUpload.upload(client, 1, "sample.txt", fresh, false);
        assertThat(refused).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXISTS));
        assertThat(Files.readString(repository().resolve("sample.txt"))).isEqualTo("hello\n");

        Message replaced = RawUpload.upload(client, 2, "sample.txt", fresh, true);
        assertThat(replaced).isEqualTo(new PutDone(fresh.length, true));
        assertThat(Files.readAllBytes(repository().resolve("sample.txt"))).isEqualTo(fresh);
        assertThat(partials()).isEmpty();
    }

    @Test
    void aFolderOrALinkInThePlaceOfTheNameIsNeverReplaced() throws Exception {
        startOpen();
        Files.createDirectories(repository().resolve("box"));
        Files.createSymbolicLink(repository().resolve("link.txt"), repository().resolve("sample.txt"));
        RawClient client = client();

        for (String name : List.of("box", "link.txt")) {
            Message answer = RawUpload.upload(client, name.length(), name, new byte[] {1, 2}, true);
            assertThat(answer).as(name).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_FILE));
        }
        assertThat(repository().resolve("box")).isDirectory();
        assertThat(repository().resolve("link.txt")).isSymbolicLink();
        assertThat(Files.readString(repository().resolve("sample.txt"))).isEqualTo("hello\n");
    }

    @Test
    void dataThatDoesNotMatchItsDigestIsNotKept() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] content = RawUpload.content(100_000, 2);
        PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("wrong.bin", content.length, false));
        RawUpload upload = RawUpload.accepted(client, 1, ready);
        assertThat(upload.send(content, 0, content.length, 30_000)).isTrue();

        client.send(1, new Message.PutEnd(RawUpload.sha256("something else".getBytes(StandardCharsets.UTF_8))));

        assertThat(RawUpload.reply(client, 1)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_MISMATCH));
        assertThat(repository().resolve("wrong.bin")).doesNotExist();
        assertThat(partials()).as("a partial that cannot be resumed is removed").isEmpty();
    }

    @Test
    void aSecondUploadOfANameInProgressIsBusyAndOfADoneOneFindsItThere() throws Exception {
        startOpen();
        RawClient first = client();
        RawClient second = client();
        byte[] mine = RawUpload.content(200_000, 3);
        byte[] theirs = RawUpload.content(200_000, 4);
        PutReady ready = (PutReady) RawUpload.open(first, 1, new Put("same.bin", mine.length, false));
        RawUpload upload = RawUpload.accepted(first, 1, ready);
        assertThat(upload.send(mine, 0, 1000, 1000)).isTrue();

        Message busy = RawUpload.open(second, 1, new Put("same.bin", theirs.length, false));
        assertThat(busy).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_BUSY);
            assertThat(e.message()).isEqualTo("same.bin is being uploaded now; try again when that upload ends");
        });
        assertThat(upload.send(mine, 1000, mine.length, 64 << 10)).isTrue();
        assertThat(upload.finish(mine)).isEqualTo(new PutDone(mine.length, false));

        Message late = RawUpload.upload(second, 2, "same.bin", theirs, false);
        assertThat(late).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXISTS));
        assertThat(Files.readAllBytes(repository().resolve("same.bin"))).as("the first one won").isEqualTo(mine);
    }

    @Test
    void aFileThatAppearsWhileTheUploadRunsIsNeverReplaced() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] content = RawUpload.content(50_000, 5);
        PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("late.bin", content.length, false));
        RawUpload upload = RawUpload.accepted(client, 1, ready);
        assertThat(upload.send(content, 0, content.length, 10_000)).isTrue();
        Files.writeString(repository().resolve("late.bin"), "made on the server meanwhile");

        Message last = upload.finish(content);

        assertThat(last).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXISTS));
        assertThat(Files.readString(repository().resolve("late.bin"))).isEqualTo("made on the server meanwhile");
        Message again = RawUpload.upload(client, 2, "late.bin", content, true);
        assertThat(again).isEqualTo(new PutDone(content.length, true));
        assertThat(Files.readAllBytes(repository().resolve("late.bin"))).isEqualTo(content);
    }

    @Test
    void aPartialIsNeverListedNorServed() throws Exception {
        startOpen();
        RawClient uploader = client();
        RawClient other = client();
        byte[] content = RawUpload.content(100_000, 6);
        PutReady ready = (PutReady) RawUpload.open(uploader, 1, new Put("growing.bin", content.length, false));
        assertThat(RawUpload.accepted(uploader, 1, ready).send(content, 0, 50_000, 50_000)).isTrue();
        uploader.send(2, new Message.Ping(1)); // the data before it has been written once PONG comes
        assertThat(RawUpload.reply(uploader, 2)).isEqualTo(new Message.Pong(1));
        List<Path> held = partials();
        assertThat(held).hasSize(1);
        assertThat(Files.size(held.get(0))).isEqualTo(50_000);

        other.send(1, new Message.ListFiles());
        assertThat(((Message.FileList) RawUpload.reply(other, 1)).files()).extracting(Message.FileEntry::name)
                .noneMatch(name -> name.contains("ferry-part") || name.equals("growing.bin"));
        other.send(2, new Message.Get(held.get(0).getFileName().toString(), 0));
        assertThat(RawUpload.reply(other, 2)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_NAME));
        other.send(3, new Message.Get("growing.bin", 0));
        assertThat(RawUpload.reply(other, 3)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE));
    }

    @Test
    void aCancelledUploadResumesFromWhatTheServerHolds() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] content = RawUpload.content(3_000_000, 7);
        PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("resumed.bin", content.length, false));
        RawUpload first = RawUpload.accepted(client, 1, ready);
        assertThat(first.send(content, 0, 1_234_567, 100_000)).isTrue();
        client.send(1, new Message.Cancel());
        assertThat(RawUpload.reply(client, 1)).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.message()).contains("keeps 1234567 bytes");
        });

        PutReady again = (PutReady) RawUpload.open(client, 2, new Put("resumed.bin", content.length, false));
        assertThat(again.offset()).isEqualTo(1_234_567);
        assertThat(again.heldSha256()).isEqualTo(RawUpload.sha256(java.util.Arrays.copyOf(content, 1_234_567)));
        RawUpload rest = RawUpload.accepted(client, 2, again);
        assertThat(rest.send(content, 1_234_567, content.length, 1 << 20)).isTrue();

        assertThat(rest.finish(content)).isEqualTo(new PutDone(content.length, false));
        assertThat(rest.sent()).as("only the missing bytes were sent").isEqualTo(content.length - 1_234_567);
        assertThat(Files.readAllBytes(repository().resolve("resumed.bin"))).isEqualTo(content);
    }

    @Test
    void aPutWithoutResumeStartsAgainAndAPartialOfADifferentFileIsToldByItsDigest() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] old = RawUpload.content(500_000, 8);
        PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("changed.bin", old.length, false));
        assertThat(RawUpload.accepted(client, 1, ready).send(old, 0, 200_000, 200_000)).isTrue();
        client.send(1, new Message.Cancel());
        RawUpload.reply(client, 1);

        byte[] changed = RawUpload.content(500_000, 9);
        PutReady offered = (PutReady) RawUpload.open(client, 2, new Put("changed.bin", changed.length, false));
        assertThat(offered.offset()).isEqualTo(200_000);
        assertThat(offered.heldSha256()).as("the client can tell the held bytes are not its own")
                .isNotEqualTo(RawUpload.sha256(java.util.Arrays.copyOf(changed, 200_000)));
        client.send(2, new Message.Cancel());
        RawUpload.reply(client, 2);

        PutReady fresh = (PutReady) RawUpload.open(client, 3, new Put("changed.bin", changed.length, false, false));
        assertThat(fresh.offset()).isZero();
        RawUpload upload = RawUpload.accepted(client, 3, fresh);
        assertThat(upload.send(changed, 0, changed.length, 1 << 20)).isTrue();
        assertThat(upload.finish(changed)).isEqualTo(new PutDone(changed.length, false));
        assertThat(Files.readAllBytes(repository().resolve("changed.bin"))).isEqualTo(changed);
    }

    @Test
    void sizeAndSpaceAreCheckedBeforeTheFirstByte() throws Exception {
        daemon = ferryd.start(b -> b.uploads(new dev.ferry.daemon.settings.DaemonConfig.Uploads(true, 1000,
                Long.MAX_VALUE / 2, java.time.Duration.ofHours(1))));
        RawClient client = client();

        Message tooLarge = RawUpload.open(client, 1, new Put("big.bin", 1001, false));
        Message noSpace = RawUpload.open(client, 2, new Put("fits.bin", 1000, false));

        assertThat(tooLarge).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(e.message()).isEqualTo("refused big.bin: 1001 bytes is more than this server accepts (1000 bytes)");
        });
        assertThat(noSpace).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SPACE));
        assertThat(repository().resolve("big.bin")).doesNotExist();
        assertThat(repository().resolve("fits.bin")).doesNotExist();
        assertThat(partials()).isEmpty();
    }

    @Test
    void dataBeyondTheGrantedWindowEndsTheConnectionAndNobodyElseNotices() throws Exception {
        startOpen();
        RawClient greedy = client();
        RawClient bystander = client();
        PutReady ready = (PutReady) RawUpload.open(greedy, 1, new Put("greedy.bin", 100_000, false));
        assertThat(ready.window()).as("no more than the file").isEqualTo(100_000);
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(dev.ferry.protocol.Wire.HEADER_SIZE + 100_001);
        dev.ferry.protocol.MessageCodec.putDataHeader(dev.ferry.protocol.MessageType.PUT_DATA, 1, 100_001, frame);
        greedy.sendRaw(frame.position(0));

        Message ended = RawUpload.reply(greedy, 99);

        assertThat(ended).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(e.message()).isEqualTo("PUT_DATA of 100001 bytes for request 1 is beyond its window (100000 bytes"
                    + " granted and not yet used)");
        });
        assertThat(greedy.closedByServer()).isTrue();
        bystander.send(1, new Message.Ping(3));
        assertThat(RawUpload.reply(bystander, 1)).isEqualTo(new Message.Pong(3));
        assertThat(repository().resolve("greedy.bin")).doesNotExist();
        RawClient next = client();
        assertThat(RawUpload.upload(next, 1, "greedy.bin", new byte[10], false))
                .as("the name is free again").isEqualTo(new PutDone(10, false));
    }

    @Test
    void aShutdownStopsAnUploadResumablyAndSaysSo() throws Exception {
        startOpen();
        RawClient client = client();
        byte[] content = RawUpload.content(1_000_000, 13);
        PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("stopped.bin", content.length, false));
        assertThat(RawUpload.accepted(client, 1, ready).send(content, 0, 300_000, 100_000)).isTrue();
        client.send(2, new Message.Ping(2));
        assertThat(RawUpload.reply(client, 2)).isEqualTo(new Message.Pong(2));

        ferryd.stop();

        assertThat(RawUpload.reply(client, 1)).isEqualTo(new ErrorReply(ErrorCode.SHUTTING_DOWN,
                "put stopped.bin stopped: server shutting down; the server keeps 300000 bytes for a resume"));
        assertThat(repository().resolve("stopped.bin")).doesNotExist();
        assertThat(partials()).hasSize(1);
        assertThat(Files.readAllBytes(partials().get(0))).isEqualTo(java.util.Arrays.copyOf(content, 300_000));
        daemon = ferryd.start(b -> b.uploads(RawUpload.OPEN));
        RawClient again = client();
        PutReady resumed = (PutReady) RawUpload.open(again, 1, new Put("stopped.bin", content.length, false));
        assertThat(resumed.offset()).isEqualTo(300_000);
    }

    @Test
    void uploadsAndDownloadsShareTheTransfersAllowedInFlight() throws Exception {
        daemon = ferryd.start(b -> b.uploads(RawUpload.OPEN).maxTransfers(2));
        RawClient client = client();
        assertThat(RawUpload.open(client, 1, new Put("a.bin", 10, false))).isInstanceOf(PutReady.class);
        assertThat(RawUpload.open(client, 2, new Put("b.bin", 10, false))).isInstanceOf(PutReady.class);

        client.send(3, new Message.Get("sample.txt", 0));

        assertThat(RawUpload.reply(client, 3)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_TRANSFERS));
    }
}
