package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Files pane follows the server's changes by itself; uploads by others show among the messages. */
@Timeout(120)
class LiveListTest {
    @TempDir
    Path dir;

    @TempDir
    Path downloads;

    Path repository;
    TestDaemon daemon;
    TuiHarness tui;

    @BeforeEach
    void start() throws Exception {
        repository = dir.resolve("repo");
        daemon = TestDaemon.start(repository);
        tui = TuiHarness.start(daemon, downloads, Palette.none(), new TerminalSize(120, 40));
        tui.awaitText("1.4 MiB  large_file.txt", "connected (you)");
    }

    @AfterEach
    void stop() throws Exception {
        tui.close();
        daemon.close();
    }

    @Test
    void aFileRenamedIntoTheRepositoryAppearsWithoutAKeyAndTheSelectionStaysOnItsFile() throws Exception {
        tui.press(KeyType.ArrowDown);
        tui.awaitText(">     6 B  sample.txt");

        Path staged = Files.writeString(dir.resolve("aardvark.txt"), "first by name");
        Files.move(staged, repository.resolve("aardvark.txt"), StandardCopyOption.ATOMIC_MOVE);

        String screen = tui.awaitPane("Files", "4 files");
        assertThat(screen).contains("    13 B  aardvark.txt", ">     6 B  sample.txt");
        assertThat(screen).doesNotContain("refreshed");

        Files.delete(repository.resolve("sample.txt"));
        String gone = tui.awaitPane("Files", "3 files");
        assertThat(gone).doesNotContain("sample.txt").contains(">    21 B  test1.txt");
    }

    @Test
    void anotherClientsUploadIsToldInTheMessages() throws Exception {
        try (FerryClient other = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE)) {
            tui.awaitText("* Client02 joined from 127.0.0.1:");
            Files.writeString(repository.resolve("notes.txt"), "n".repeat(12 * 1024));
            daemon.daemon().context().changes().uploaded(other.name(), "notes.txt", 12 * 1024);

            tui.awaitText("* Client02 uploaded notes.txt (12 KiB)");
            tui.awaitPane("Files", "4 files");
        }
    }
}
