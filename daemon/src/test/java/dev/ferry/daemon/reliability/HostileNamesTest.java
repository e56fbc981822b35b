package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every name a hostile client might try, against a live daemon whose repository sits next to a
 * secret. Each is refused with a clear error, the session goes on, and not one byte of the secret
 * (or of anything outside the repository) is ever sent.
 */
@Timeout(120)
class HostileNamesTest {
    static final String SECRET = "TOP-SECRET-" + "7f3a9c";

    @TempDir
    Path sandbox;

    Path repository;
    Path outside;
    TestDaemon daemon;
    RawClient client;
    final ByteArrayOutputStream everythingReceived = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        repository = sandbox.resolve("files");
        outside = sandbox.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(sandbox.resolve("secret.txt"), SECRET);
        daemon = TestDaemon.start(repository);
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/readme.md"), "# docs");
        Files.writeString(repository.resolve(".env"), SECRET);
        Files.createSymbolicLink(repository.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(repository.resolve("dir-out"), outside);
        Files.createSymbolicLink(repository.resolve("relative-out.txt"), Path.of("../outside/secret.txt"));
        client = RawClient.admitted(daemon.address());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        daemon.close();
    }

    /** Every hostile name and the error it must get. */
    static Map<String, ErrorCode> hostileNames() {
        Map<String, ErrorCode> names = new LinkedHashMap<>();
        for (String name : List.of("..", "../secret.txt", "../outside/secret.txt", "docs/../../secret.txt",
                "docs/..", "docs/../..", "a/b/../../../secret.txt", "../../../../../../etc/passwd",
                "./sample.txt", "docs/./readme.md", "/etc/passwd", "/", "//etc/passwd",
                "..\\secret.txt", "docs\\..\\..\\secret.txt", "C:\\Windows\\win.ini",
                "sample.txt\u0000.jpg", "\u0000", "line\nbreak", "carriage\rreturn", "tab\tname", "bell\u0007",
                "escape\u001b[2J", "del\u007f", "c1\u0085control", "rlo\u202etxt.exe", "isolate\u2066x",
                ".env", "docs/.git/config", ".hidden/x", "", "docs/", "docs//readme.md",
                "n".repeat(1024) + "x", "d/".repeat(40) + "f")) {
            names.put(name, ErrorCode.BAD_NAME);
        }
        for (String name : List.of("..%2fsecret.txt", "..%5csecret.txt", "....//secret.txt", "...", ".../secret.txt")) {
            names.put(name, ErrorCode.BAD_NAME); // a leading dot is a hidden name
        }
        for (String name : List.of("%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "%2E%2E", "%252e%252e/secret.txt",
                "…/secret.txt", "\uFF0E\uFF0E/secret.txt", "\u2024\u2024/secret.txt", "nope.txt", "docs/nope.txt",
                "sample.txt/inside", "secret.txt")) {
            names.put(name, ErrorCode.NO_SUCH_FILE); // taken literally: no such file in the repository
        }
        names.put("link-out.txt", ErrorCode.NOT_A_FILE);
        names.put("relative-out.txt", ErrorCode.NOT_A_FILE);
        names.put("dir-out/secret.txt", ErrorCode.NOT_A_FILE);
        names.put("docs", ErrorCode.NOT_A_FILE);
        return names;
    }

    @Test
    void everyHostileNameIsRefusedAndNothingFromOutsideIsSent() throws IOException {
        int id = 1;
        int tried = 0;
        Map<ErrorCode, Integer> byCode = new java.util.TreeMap<>();
        for (Map.Entry<String, ErrorCode> hostile : hostileNames().entrySet()) {
            String name = hostile.getKey();
            if (name.getBytes(StandardCharsets.UTF_8).length > 1024) {
                continue; // over the protocol's name limit: a protocol error, tested in LimitsTest
            }
            ErrorReply error = refusal(id++, name);
            assertThat(error.code()).as("code for %s", printable(name)).isEqualTo(hostile.getValue());
            assertThat(error.message()).as("message for %s", printable(name)).isNotBlank().doesNotContain("\n")
                    .doesNotContain(sandbox.toString());
            byCode.merge(error.code(), 1, Integer::sum);
            tried++;
        }
        assertThat(ping(id)).isTrue();
        assertThat(everythingReceived.toString(StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(everythingReceived.size()).isZero();
        Figures.record("hostile names", tried + " hostile names over a live connection: refused with a one-line error "
                + byCode + "; DATA bytes received in all: " + everythingReceived.size() + "; session still up");
    }

    @Test
    void aFolderFifoAndLinkSwappedInAfterListingAreRefused() throws Exception {
        Path fifo = repository.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo not available");
        assertThat(refusal(1, "pipe")).isEqualTo(new ErrorReply(ErrorCode.NOT_A_FILE, "pipe is not a regular file"));
        assertThat(refusal(2, "docs")).isEqualTo(new ErrorReply(ErrorCode.NOT_A_FILE, "docs is a folder"));

        client.send(3, new Message.ListFiles());
        Message.FileList listing = (Message.FileList) next().message();
        assertThat(listing.files()).extracting(Message.FileEntry::name).contains("sample.txt")
                .doesNotContain("pipe", "link-out.txt", "relative-out.txt", ".env");
        Files.delete(repository.resolve("sample.txt"));
        Files.createSymbolicLink(repository.resolve("sample.txt"), outside.resolve("secret.txt"));
        assertThat(refusal(4, "sample.txt")).isEqualTo(new ErrorReply(ErrorCode.NOT_A_FILE,
                "sample.txt is a link that leads out of the repository"));
        assertThat(ping(5)).isTrue();
        assertThat(everythingReceived.toString(StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(everythingReceived.size()).isZero();
        Figures.record("hostile names", "a folder, a FIFO and a link swapped in after listing (the listing: " + listing.files().size()
                + " files, none of those three): each refused with NOT_A_FILE; DATA bytes received: " + everythingReceived.size());
    }

    private ErrorReply refusal(int id, String name) throws IOException {
        client.send(id, new Message.Get(name, 0));
        Frame frame = next();
        assertThat(frame.id()).isEqualTo(id);
        assertThat(frame.message()).as("answer to %s", printable(name)).isInstanceOf(ErrorReply.class);
        return (ErrorReply) frame.message();
    }

    private boolean ping(int id) throws IOException {
        client.send(id, new Message.Ping(id));
        return next().message().equals(new Message.Pong(id));
    }

    /** The next frame; DATA payloads are kept so the test can check no secret was ever sent. */
    private Frame next() throws IOException {
        Frame frame = client.next();
        if (frame != null && frame.message() instanceof Message.Data) {
            everythingReceived.writeBytes(client.data());
            return next();
        }
        return frame;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? "\\u%04x".formatted(c) : Character.toString(c)));
        return out.length() > 60 ? out.substring(0, 60) + "…" : out.toString();
    }

}
