package dev.ferry.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    /** A front end with no connection that writes down everything it is handed. */
    private static final class Recorder implements Front {
        final List<String> shown = new ArrayList<>();

        @Override
        public FerryClient client() {
            return null;
        }

        @Override
        public <T> void request(FerryClient client, Function<FerryClient, CompletableFuture<T>> request,
                BiConsumer<T, Throwable> done) {
            shown.add("request sent");
        }

        @Override
        public void reply(String text) {
            shown.add(text);
        }

        @Override
        public void acked(String text) {
            shown.add(text);
        }

        @Override
        public void error(String text) {
            shown.add(text);
        }

        @Override
        public void download(String name, boolean overwrite) {
            shown.add("download " + name);
        }

        @Override
        public void exit() {
            shown.add("exit");
        }

        @Override
        public void listed(List<FileEntry> files, boolean bytes) {
            shown.add("listed");
        }
    }

    @Test
    void everyCommandThatNeedsTheServerSaysSoWhileOfflineAndSendsNothing() {
        Recorder front = new Recorder();
        CommandRunner runner = new CommandRunner(front);
        for (String line : List.of("list", "get a.txt", "status", "who", "ping -c 3", "uptime", "help", "about",
                "hello", "msg Client02 hi")) {
            runner.run(line, Set.of());
        }
        assertThat(front.shown).hasSize(10).containsOnly(Replies.notConnected());
    }

    @Test
    void exitBlankAndWrongUseNeedNoServer() {
        Recorder front = new Recorder();
        CommandRunner runner = new CommandRunner(front);
        runner.run("   ", Set.of());
        runner.run("who am i", Set.of());
        runner.run("quit", Set.of());
        assertThat(front.shown).containsExactly("! who takes no arguments; to send this as a message: say who am i", "exit");
    }

    @Test
    void yourOwnNameIsMarkedTheSameWayInWhoAndInStatus() {
        Instant at = Instant.parse("2026-01-02T10:00:00Z");
        assertThat(Replies.who(List.of("Client01", "Client02"), "Client02")).containsExactly("Client01", "Client02 (you)");
        List<String> table = Replies.status(List.of(new ConnectionRow("Client02", "127.0.0.1:1", at, null)),
                "Client02");
        assertThat(table).hasSize(2);
        assertThat(table.get(1)).startsWith("Client02").endsWith("connected (you)");
    }

    @Test
    void textFromTheServerCannotDriveTheTerminal() {
        assertThat(Replies.who(List.of("evil\u001b[2J"), "Client01")).containsExactly("evil\uFFFD[2J");
        assertThat(Replies.acked("hi\u0007")).isEqualTo("hi\uFFFD ACK");
    }
}
