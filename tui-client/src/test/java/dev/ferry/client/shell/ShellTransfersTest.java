package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.cli.CommandRun;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell's put, and its get of folders and patterns, driven through a pipe as a script would. */
@Timeout(60)
class ShellTransfersTest {

    @TempDir
    Path work;

    @Test
    void putUploadsQuotedPathsAndFoldersAndSaysEachIsVerified() throws Exception {
        Path notes = Files.writeString(work.resolve("my notes.txt"), "the notes\n");
        Files.createDirectories(work.resolve("album/2024"));
        Files.writeString(work.resolve("album/2024/a.jpg"), "a");
        try (FakeServer server = FakeServer.builder().start()) {
            server.writable = true;
            CommandRun run = CommandRun.withInput("put \"" + notes + "\"\nput --to shared " + work.resolve("album") + "\n",
                    "--port", Integer.toString(server.port()), "--no-tls", "shell", "-o", work.resolve("downloads").toString());

            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("sent my notes.txt (10 B)",
                    "SHA-256 verified by the server: " + DigestUtils.sha256Hex("the notes\n"), "sent shared/album/2024/a.jpg (1 B)");
            assertThat(server.uploaded).containsOnlyKeys("my notes.txt", "shared/album/2024/a.jpg");
        }
    }

    @Test
    void putToAServerThatTakesNoUploadsIsOneLineAndAFailedRun() throws Exception {
        Path notes = Files.writeString(work.resolve("notes.txt"), "x");
        try (FakeServer server = FakeServer.builder().start()) {
            CommandRun run = CommandRun.withInput("put " + notes + "\nput --as\n", "--port", Integer.toString(server.port()),
                    "--no-tls", "shell", "-o", work.resolve("downloads").toString());
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).contains("! put notes.txt: this server takes no uploads",
                    "put: --as needs a value; usage: put [--overwrite] [--to FOLDER] [--as NAME] PATH...");
        }
    }

    @Test
    void getTakesQuotedPatternsAndFoldersMatchedAgainstTheServersList() throws Exception {
        Path repository = Files.createDirectories(work.resolve("repository"));
        Files.writeString(repository.resolve("notes-1.txt"), "1");
        Files.writeString(repository.resolve("notes-2.txt"), "22");
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/guide.md"), "guide");
        Path downloads = work.resolve("downloads");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            CommandRun run = CommandRun.withInput("get 'notes-*.txt'\nget docs\nget '*.pdf'\n", "--port",
                    Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "shell", "-o", downloads.toString());

            assertThat(run.out()).contains("saved " + downloads.toAbsolutePath().resolve("notes-1.txt"),
                    "saved " + downloads.toAbsolutePath().resolve("notes-2.txt"),
                    "saved " + downloads.toAbsolutePath().resolve("docs/guide.md"),
                    "! get *.pdf: no file on the server matches");
            assertThat(run.status()).isEqualTo(1);
            assertThat(downloads.resolve("docs/guide.md")).hasContent("guide");
        }
    }
}
