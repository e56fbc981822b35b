package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.Get;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What names a client sees and may fetch, as PROTOCOL.md decides them: hidden files, links,
 * Unicode forms, backslashes, over-long names and unreadable files.
 */
@Timeout(60)
class NameDecisionsTest {
    @TempDir
    Path sandbox;

    Path repository;
    TestDaemon daemon;
    RawClient client;
    int nextId = 1;

    @BeforeEach
    void start() throws IOException {
        repository = sandbox.resolve("files");
        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        daemon = TestDaemon.start(repository);
        Files.writeString(repository.resolve(".env"), "hidden");
        Files.createSymbolicLink(repository.resolve("alias.txt"), repository.resolve("sample.txt"));
        Files.createSymbolicLink(repository.resolve("out.txt"), outside.resolve("secret.txt"));
        client = RawClient.admitted(daemon.address());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        daemon.close();
    }

    @Test
    void hiddenFilesAreNeitherListedNorServed() throws IOException {
        assertThat(listed()).doesNotContain(".env");
        assertRefused(".env", new ErrorReply(ErrorCode.BAD_NAME, "refused a hidden name (hidden files are not shared)"));
    }

    @Test
    void aLinkToAFileInsideIsListedAndServedUnderItsOwnName() throws IOException {
        assertThat(listed()).contains("alias.txt", "sample.txt");
        assertThat(fetch("alias.txt")).isEqualTo(Files.readString(repository.resolve("sample.txt")));
    }

    @Test
    void aLinkLeadingOutIsNeitherListedNorServed() throws IOException {
        assertThat(listed()).doesNotContain("out.txt");
        assertRefused("out.txt", new ErrorReply(ErrorCode.NOT_A_FILE, "out.txt is a link that leads out of the repository"));
    }

    @Test
    void namesAreComparedByteForByteWithoutUnicodeNormalisation() throws IOException {
        String nfc = Normalizer.normalize("café.txt", Normalizer.Form.NFC);
        String nfd = Normalizer.normalize("café.txt", Normalizer.Form.NFD);
        Files.writeString(repository.resolve(nfc), "coffee");

        assertThat(listed()).contains(nfc).doesNotContain(nfd);
        assertThat(fetch(nfc)).isEqualTo("coffee");
        assertRefused(nfd, new ErrorReply(ErrorCode.NO_SUCH_FILE, "no such file: " + nfd));
    }

    @Test
    void aFileWithABackslashInItsNameIsNotListedAndTheLogSaysWhyOnce() throws IOException {
        Files.writeString(repository.resolve("a\\b.txt"), "backslash");
        Logged logged = Logged.from(Repository.class);
        try {
            assertThat(listed()).doesNotContain("a\\b.txt");
            Files.writeString(repository.resolve("another.txt"), "a change, so the listing is read again");
            assertThat(listed()).doesNotContain("a\\b.txt");
            assertThat(logged.lines()).filteredOn(line -> line.contains("a\\b.txt")).containsExactly(
                    "WARN not listing a\\b.txt: refused a name with a backslash (separate folders with /)");
        } finally {
            logged.stop();
        }
        assertRefused("a\\b.txt", new ErrorReply(ErrorCode.BAD_NAME, "refused a name with a backslash (separate folders with /)"));
    }

    @Test
    void aNameWithAPartLongerThan255BytesIsABadName() throws IOException {
        String name = "docs/" + "x".repeat(256);
        assertRefused(name, new ErrorReply(ErrorCode.BAD_NAME, "refused a name with a part longer than 255 bytes"));
    }

    @Test
    void anUnreadableFileIsListedAndItsGetIsReadFailed() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Figures.record("names", "SKIPPED: an unreadable file cannot be made for root, who reads every file");
        }
        assumeFalse(root, "root reads every file");
        Path locked = Files.writeString(repository.resolve("locked.txt"), "locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        assertThat(listed()).contains("locked.txt");
        assertRefused("locked.txt", new ErrorReply(ErrorCode.READ_FAILED, "locked.txt cannot be read (permission denied)"));
    }

    private List<String> listed() throws IOException {
        client.send(nextId++, new Message.ListFiles());
        List<String> names = new ArrayList<>();
        for (;;) {
            Message.FileList page = (Message.FileList) client.next().message();
            page.files().stream().map(FileEntry::name).forEach(names::add);
            if (page.last()) {
                return names;
            }
        }
    }

    private String fetch(String name) throws IOException {
        int id = nextId++;
        client.send(id, new Get(name, 0));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (;;) {
            Frame frame = client.next();
            assertThat(frame.id()).isEqualTo(id);
            if (frame.message() instanceof Message.Data) {
                data.write(client.data());
            } else if (frame.message() instanceof Message.FileEnd) {
                return data.toString(StandardCharsets.UTF_8);
            } else {
                assertThat(frame.message()).isInstanceOfAny(Message.FileHeader.class);
            }
        }
    }

    private void assertRefused(String name, ErrorReply expected) throws IOException {
        int id = nextId++;
        client.send(id, new Get(name, 0));
        Frame answer = client.next();
        assertThat(answer.id()).isEqualTo(id);
        assertThat(answer.message()).isEqualTo(expected);
    }
}
