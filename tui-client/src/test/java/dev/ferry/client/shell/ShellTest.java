package dev.ferry.client.shell;

import dev.ferry.client.trust.ServerTrust;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.cli.CommandRun;
import dev.ferry.client.cli.LineQueue;
import dev.ferry.client.cli.Streams;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The line shell driven through a pipe, as a script would drive it. */
@Timeout(120)
class ShellTest {

    @TempDir
    Path repository;

    @TempDir
    Path downloads;

    TestDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    CommandRun shell(String input) {
        return CommandRun.withInput(input, "--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "shell", "-o", downloads.toString());
    }

    @Test
    void everyCommandIsAnsweredAndEndOfInputDisconnects() throws Exception {
        CommandRun run = shell("list\nping\nwho\nuptime\nabout\nstatus\nhelp\n");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Connected to 127.0.0.1:" + daemon.port() + " as Client01 (ferryd/")
                .contains("1.4 MiB  large_file.txt", "    6 B  sample.txt")
                .containsPattern("pong in \\d+\\.\\d{3} ms")
                .contains("Client01 (you)")
                .containsPattern("up \\d+ m?s \\(since ")
                .contains("ferryd ", "protocol 2")
                .containsPattern("Client01\\s+127\\.0\\.0\\.1:\\d+\\s+\\S+ \\S+\\s+connected \\(you\\)")
                .contains("anything else");
        assertThat(run.err()).isEmpty();

        try (FerryClient after = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                ClientListener.NONE)) {
            List<ConnectionRow> rows = after.status().get(10, TimeUnit.SECONDS);
            assertThat(rows.get(0).name()).isEqualTo("Client01");
            assertThat(rows.get(0).connected()).isFalse();
        }
    }

    @Test
    void otherTextIsAMessageThatIsAcknowledged() {
        CommandRun run = shell("hello there\n");
        assertThat(run.out()).contains("\nhello there ACK\n");
    }

    @Test
    void aLineNamingAFileDownloadsIt() {
        CommandRun run = shell("sample.txt\n");
        assertThat(run.out()).doesNotContain("sample.txt ACK");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("downloading sample.txt (6 B)", "saved " + downloads.resolve("sample.txt").toAbsolutePath() + " (6 B)",
                "SHA-256 verified: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void getTakesSeveralNamesAndQuotedNamesWithSpaces() throws IOException {
        java.nio.file.Files.writeString(repository.resolve("my notes.txt"), "notes");
        CommandRun run = shell("get \"my notes.txt\" test1.txt\n");
        assertThat(run.status()).isZero();
        assertThat(downloads.resolve("my notes.txt")).hasContent("notes");
        assertThat(downloads.resolve("test1.txt")).exists();
    }

    @Test
    void aFailedCommandIsReportedAndTheSessionGoesOnButTheStatusIsOne() {
        CommandRun run = shell("get nope.txt\nget\nping\n");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("! no such file: nope.txt", "! usage: get [--overwrite] NAME...").containsPattern("pong in ");
    }

    @Test
    void anExistingFileIsKeptAndTheShellSaysHowToReplaceIt() throws IOException {
        java.nio.file.Files.writeString(downloads.resolve("sample.txt"), "mine");
        CommandRun kept = shell("get sample.txt\n");
        assertThat(kept.status()).isEqualTo(1);
        assertThat(kept.out()).contains("! " + downloads.resolve("sample.txt").toAbsolutePath()
                + " already exists (to replace it: get --overwrite sample.txt)\n");
        assertThat(downloads.resolve("sample.txt")).hasContent("mine");

        CommandRun replaced = shell("get --overwrite sample.txt\n");
        assertThat(replaced.status()).isZero();
        assertThat(replaced.out()).contains("SHA-256 verified: ").doesNotContain("\u001b");
        assertThat(downloads.resolve("sample.txt")).hasContent("hello");
    }

    @Test
    void exitSaysByeAndEndsTheShell() {
        CommandRun run = shell("exit\nping\n");
        assertThat(run.status()).isZero();
        assertThat(run.out()).endsWith("BYE\n").doesNotContain("pong");
    }

    @Test
    void eventsFromOtherClientsArePrintedAndFlushedAsTheyHappenWhileInputIsStillOpen() throws Exception {
        BlockingQueue<Message.Event> watcherHears = new LinkedBlockingQueue<>();
        FerryClient watcher = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                new ClientListener() {
                    @Override
                    public void onEvent(Message.Event event) {
                        watcherHears.add(event);
                    }
                });
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        LineQueue stdout = new LineQueue();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> CommandRun.run(
                new Streams(stdin, false, false, false), new PrintWriter(stdout), new PrintWriter(new StringWriter()),
                "--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint(), "shell", "-o",
                downloads.toString()));
        try (watcher) {
            stdout.await(line -> line.contains(" as Client02 "), "saying the shell is Client02", 30);
            assertThat(watcherHears.poll(30, TimeUnit.SECONDS)).isInstanceOf(Message.Joined.class);

            watcher.say("hi shell").get(10, TimeUnit.SECONDS);
            stdout.await("Client01: hi shell"::equals, "with the message", 30);

            typing.write("ping\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            stdout.await(line -> line.startsWith("pong in "), "answering ping", 30);

            watcher.exit().get(10, TimeUnit.SECONDS);
            stdout.await("* Client01 left (exit)"::equals, "saying Client01 left", 30);
            assertThat(running).as("the shell still runs: its input is open").isNotDone();
        }
        typing.write("exit\n".getBytes(StandardCharsets.UTF_8));
        typing.close();
        stdout.await("BYE"::equals, "saying goodbye", 30);
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(stdout.seen()).noneMatch(line -> line.contains("\u001b"));
    }

    @Test
    void commandsWithArgumentsAreCommandsOrUsageErrorsNeverMessages() throws Exception {
        BlockingQueue<Message.Event> watcherHears = new LinkedBlockingQueue<>();
        try (FerryClient watcher = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())), new ClientListener() {
                    @Override
                    public void onEvent(Message.Event event) {
                        watcherHears.add(event);
                    }
                })) {
            CommandRun run = shell("list -b\nping -c 3\nstatus extra\nwho am i\nuptime now\nget -x\nsay who am i\n"
                    + "msg Client01 just you\nmsg Client09 anyone\n");
            assertThat(run.status()).as("a usage error fails the run").isEqualTo(1);
            assertThat(run.out()).contains("1500000  large_file.txt", "      6  sample.txt")
                    .contains("! status takes no arguments; to send this as a message: say status extra",
                            "! who takes no arguments; to send this as a message: say who am i",
                            "! uptime takes no arguments", "! get: unknown option -x", "who am i ACK",
                            "to Client01: just you ACK", "no client named Client09 is connected")
                    .doesNotContain("no such file: -x", "status extra ACK");
            assertThat(run.out().lines().filter(line -> line.startsWith("pong in "))).hasSize(3);

            List<Message.Event> heard = new java.util.ArrayList<>();
            for (Message.Event event = watcherHears.poll(10, TimeUnit.SECONDS); !(event instanceof Message.Left);
                    event = watcherHears.poll(10, TimeUnit.SECONDS)) {
                assertThat(event).as("an event before the shell left").isNotNull();
                heard.add(event);
            }
            assertThat(heard).filteredOn(e -> e instanceof Message.Chat).extracting(e -> ((Message.Chat) e).text())
                    .containsExactly("who am i");
            assertThat(heard).filteredOn(e -> e instanceof Message.Private).extracting(e -> ((Message.Private) e).text())
                    .containsExactly("just you");
        }
    }

    @Test
    void aShellThatJoinsSeesWhatWasSaidBeforeWithItsTime() throws Exception {
        try (FerryClient earlier = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                ClientListener.NONE)) {
            earlier.say("said before you came").get(10, TimeUnit.SECONDS);
            CommandRun run = shell("exit\n");
            assertThat(run.out()).containsPattern("\\d\\d:\\d\\d:\\d\\d Client01: said before you came \\(before you joined\\)\n");
        }
    }
}
