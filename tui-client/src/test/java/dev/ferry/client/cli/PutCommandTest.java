package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.term.Dimensions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry put}, run in this JVM against the fake server's side of uploads. */
@Timeout(60)
class PutCommandTest {

    @TempDir
    Path local;

    FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.builder().start();
        server.writable = true;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    CommandRun ferry(String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(server.port()), "--no-tls"));
        all.addAll(List.of(args));
        CommandRun run = CommandRun.of(all.toArray(String[]::new));
        assertThat(run.err()).as("stderr is never a stack trace").doesNotContain("\tat ", "Exception");
        return run;
    }

    Path file(String name, String content) throws Exception {
        Path path = local.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    @Test
    void putSendsFilesAndSaysEachIsVerified() throws Exception {
        Path notes = file("notes.txt", "the notes\n");
        Path more = file("more.txt", "more\n");
        CommandRun run = ferry("put", notes.toString(), more.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "verified  notes.txt  10 B  sha256 " + DigestUtils.sha256Hex("the notes\n"),
                "verified  more.txt  5 B  sha256 " + DigestUtils.sha256Hex("more\n"));
        assertThat(new String(server.uploaded.get("notes.txt"))).isEqualTo("the notes\n");
    }

    @Test
    void asAndToNameTheFileOnTheServer() throws Exception {
        Path notes = file("notes.txt", "the notes\n");
        CommandRun run = ferry("put", notes.toString(), "--as", "renamed.txt", "--to", "shared/today/");
        assertThat(run.status()).isZero();
        assertThat(server.uploaded).containsOnlyKeys("shared/today/renamed.txt");
        assertThat(run.out()).startsWith("verified  shared/today/renamed.txt  10 B");
    }

    @Test
    void aFolderGoesWholeWithItsRelativePathsAndOneSummaryLine() throws Exception {
        file("photos/a.jpg", "a");
        file("photos/2024/b.jpg", "bb");
        file("photos/2024/march/c.jpg", "ccc");
        file("photos/.thumbs/a.jpg", "hidden");
        Files.createSymbolicLink(local.resolve("photos/outside"), Path.of("/etc"));

        CommandRun run = ferry("put", local.resolve("photos").toString(), "--to", "in");

        assertThat(run.status()).isZero();
        assertThat(server.uploaded).containsOnlyKeys("in/photos/a.jpg", "in/photos/2024/b.jpg", "in/photos/2024/march/c.jpg");
        assertThat(run.out()).isEqualTo("verified  " + local.resolve("photos") + "/  3 files  6 B"
                + "  (1 hidden left out, 1 links or special files left out)\n");
    }

    @Test
    void aFileThatExistsOnTheServerIsReplacedOnlyWithOverwrite() throws Exception {
        Path notes = file("notes.txt", "new\n");
        server.uploaded.put("notes.txt", "old\n".getBytes());

        CommandRun refused = ferry("put", notes.toString());
        assertThat(refused.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).isEqualTo("ferry: put notes.txt: notes.txt exists on the server"
                + " (use --overwrite to replace it)\n");
        assertThat(new String(server.uploaded.get("notes.txt"))).isEqualTo("old\n");

        CommandRun replaced = ferry("put", "--overwrite", notes.toString());
        assertThat(replaced.status()).isZero();
        assertThat(replaced.out()).endsWith("  (replaced)\n");
        assertThat(new String(server.uploaded.get("notes.txt"))).isEqualTo("new\n");
    }

    @Test
    void aServerThatTakesNoUploadsIsOneLineAndExitStatusFive() throws Exception {
        server.writable = false;
        CommandRun run = ferry("put", file("notes.txt", "x").toString());
        assertThat(run.status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).isEqualTo("ferry: put notes.txt: this server takes no uploads\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPathThatIsNotThereIsOneLineAndTheOthersStillGo() throws Exception {
        Path notes = file("notes.txt", "the notes\n");
        CommandRun run = ferry("put", local.resolve("missing.txt").toString(), notes.toString());
        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).isEqualTo("ferry: put " + local.resolve("missing.txt") + ": no such file or folder\n");
        assertThat(server.uploaded).containsOnlyKeys("notes.txt");
    }

    @Test
    void asWithMoreThanOnePathIsAUsageError() throws Exception {
        CommandRun run = ferry("put", file("a", "a").toString(), file("b", "b").toString(), "--as", "c");
        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("ferry: --as names one upload; give it one PATH, not 2");
        assertThat(server.puts).isEmpty();
    }

    @Test
    void anInterruptedUploadIsResumedByTheNextPut() throws Exception {
        byte[] content = FakeServer.pattern(3 << 20);
        Path big = Files.write(local.resolve("big.bin"), content);
        server.cutUploadsAfter = 1 << 20;

        CommandRun cut = ferry("put", big.toString());
        assertThat(cut.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(cut.err()).contains("the server keeps what it received, put it again to resume");

        server.cutUploadsAfter = -1;
        CommandRun resumed = ferry("put", big.toString());
        assertThat(resumed.status()).isZero();
        assertThat(resumed.out()).contains("(resumed at ");
        assertThat(server.uploaded.get("big.bin")).isEqualTo(content);
    }

    @Test
    void progressOnATerminalIsALinePerFile() throws Exception {
        Files.write(local.resolve("big.bin"), FakeServer.pattern(2 << 20));
        file("small.txt", "small");
        CommandRun run = CommandRun.onTerminal(new Dimensions(80, 24), "--port", Integer.toString(server.port()), "--no-tls",
                "put", local.resolve("big.bin").toString(), local.resolve("small.txt").toString());
        assertThat(run.status()).isZero();
        List<String> screen = ScreenModel.render(run.err(), 80);
        assertThat(screen).hasSize(2);
        assertThat(screen.get(0)).startsWith("big.bin").contains("100%");
        assertThat(screen.get(1)).startsWith("small.txt").contains("100%");
    }
}
