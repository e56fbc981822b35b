package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.cli.CommandRun;
import dev.ferry.client.cli.LineQueue;
import dev.ferry.client.cli.Streams;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell hears of new files by itself, says so in a line, and knows their names at once. */
@Timeout(120)
class ShellLiveListTest {
    @TempDir
    Path dir;

    @TempDir
    Path downloads;

    Path repository;
    TestDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        repository = dir.resolve("repo");
        daemon = TestDaemon.start(repository);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void aNewFileIsToldInALineAndCanBeFetchedByItsNameAlone() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        LineQueue stdout = new LineQueue();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> CommandRun.run(
                new Streams(stdin, false, false, false), new PrintWriter(stdout), new PrintWriter(new StringWriter()),
                "--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "shell", "-o",
                downloads.toString()));
        stdout.await(line -> line.contains(" as Client01 "), "saying the shell is Client01", 30);
        // input is read only once the shell watches the list: a reply to 'list' means a change from now on is an event
        typing.write("list\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        stdout.await(line -> line.endsWith("  sample.txt"), "listing the files", 30);

        Path staged = Files.writeString(dir.resolve("notes.txt"), "twelve bytes");
        Files.move(staged, repository.resolve("notes.txt"), StandardCopyOption.ATOMIC_MOVE);
        stdout.await("* new on the server: notes.txt (12 B)"::equals, "telling of the new file", 30);

        // the name is known now: a line that names it downloads it rather than saying it
        typing.write("notes.txt\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        stdout.await(line -> line.startsWith("SHA-256 verified: "), "downloading notes.txt", 30);
        assertThat(downloads.resolve("notes.txt")).hasContent("twelve bytes");

        try (FerryClient other = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE)) {
            stdout.await(line -> line.startsWith("* Client02 joined"), "saying Client02 joined", 30);
            Files.writeString(repository.resolve("report.txt"), "r".repeat(12 * 1024));
            daemon.daemon().context().changes().uploaded(other.name(), "report.txt", 12 * 1024);
            stdout.await("* Client02 uploaded report.txt (12 KiB)"::equals, "telling of the upload", 30);
        }
        typing.write("exit\n".getBytes(StandardCharsets.UTF_8));
        typing.close();
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
    }
}
