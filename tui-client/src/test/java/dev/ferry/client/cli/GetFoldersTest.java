package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.fake.FakeServer;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry get} of folders and patterns, against an in-process daemon and a hostile fake server. */
@Timeout(60)
class GetFoldersTest {

    @TempDir
    Path repository;

    @TempDir
    Path work;

    static CommandRun ferry(List<String> connection, String... args) {
        List<String> all = new ArrayList<>(connection);
        all.addAll(List.of(args));
        CommandRun run = CommandRun.of(all.toArray(String[]::new));
        assertThat(run.err()).as("stderr is never a stack trace").doesNotContain("\tat ", "Exception");
        return run;
    }

    Path serve(String name, String content) throws IOException {
        Path file = repository.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void aFolderComesWholeWithItsRelativePathsEveryFileVerifiedAndOneSummaryLine() throws IOException {
        serve("docs/a.txt", "a");
        serve("docs/guide/b.txt", "bb");
        serve("docs/guide/deep/c.md", "ccc");
        serve("docsother.txt", "not in the folder");
        Path into = work.resolve("into");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            CommandRun run = ferry(List.of("--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint()),
                    "get", "docs", "-o", into.toString());

            assertThat(run.status()).isZero();
            assertThat(run.out()).isEqualTo("verified  docs  3 files  6 B\n");
            assertThat(into.resolve("docs/a.txt")).hasContent("a");
            assertThat(into.resolve("docs/guide/b.txt")).hasContent("bb");
            assertThat(into.resolve("docs/guide/deep/c.md")).hasContent("ccc");
            assertThat(into.resolve("docsother.txt")).doesNotExist();
        }
    }

    @Test
    void aPatternIsMatchedAgainstTheServersListWithinOneFolderUnlessItSaysOtherwise() throws IOException {
        serve("notes-1.txt", "1");
        serve("notes-2.txt", "22");
        serve("notes-3.md", "333");
        serve("sub/notes-4.txt", "4444");
        Path into = work.resolve("into");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            List<String> connection = List.of("--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint());
            CommandRun top = ferry(connection, "get", "notes-*.txt", "-o", into.toString());
            assertThat(top.status()).isZero();
            assertThat(top.out()).isEqualTo("verified  notes-*.txt  2 files  3 B\n");
            assertThat(into.resolve("notes-1.txt")).hasContent("1");
            assertThat(into.resolve("notes-3.md")).doesNotExist();
            assertThat(into.resolve("sub/notes-4.txt")).doesNotExist();

            CommandRun deep = ferry(connection, "get", "**/notes-?.txt", "-o", into.toString());
            assertThat(deep.status()).isZero();
            assertThat(deep.out()).isEqualTo("verified  **/notes-?.txt  1 file  4 B\n");
            assertThat(into.resolve("sub/notes-4.txt")).hasContent("4444");

            CommandRun none = ferry(connection, "get", "*.pdf", "-o", into.toString());
            assertThat(none.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(none.err()).isEqualTo("ferry: get *.pdf: no file on the server matches\n");
        }
    }

    @Test
    void aFolderWhoseFilesPartlyFailSaysHowManyInOneLineAndExitsOne() throws IOException {
        serve("docs/a.txt", "a");
        serve("docs/b.txt", "b");
        Path into = work.resolve("into");
        Files.createDirectories(into.resolve("docs"));
        Files.writeString(into.resolve("docs/b.txt"), "mine");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            CommandRun run = ferry(List.of("--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint()),
                    "get", "docs/", "-o", into.toString());
            assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err().lines()).containsExactly(
                    "ferry: get docs/b.txt: " + into.toAbsolutePath().resolve("docs/b.txt") + " already exists (use --overwrite to replace it)",
                    "ferry: get docs/: 1 of 2 files verified, 1 failed");
            assertThat(into.resolve("docs/b.txt")).hasContent("mine");
            assertThat(into.resolve("docs/a.txt")).hasContent("a");
        }
    }

    @Test
    void hostileNamesFromAServerNeverWriteOutsideTheDownloadFolder() throws Exception {
        Path into = Files.createDirectories(work.resolve("downloads"));
        Path canary = Files.createDirectories(work.resolve("canary"));
        Files.createSymbolicLink(into.resolve("linked"), canary);
        try (FakeServer server = FakeServer.builder().file("fine.txt", "fine".getBytes()).anyName().start()) {
            server.otherFiles = List.of("../canary/escaped.txt", "/" + canary + "/absolute.txt", "sub/../../canary/up.txt",
                    "linked/through-a-link.txt", "./dot.txt", "a//b.txt");
            CommandRun run = ferry(List.of("--port", Integer.toString(server.port()), "--no-tls"),
                    "get", "**", "-o", into.toString());

            assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).contains("refused name '../canary/escaped.txt'", "refused name 'linked/through-a-link.txt'",
                    "refused name 'sub/../../canary/up.txt'", "refused name '/" + canary + "/absolute.txt'");
            assertThat(run.err().lines()).last().asString().startsWith("ferry: get **: 1 of 7 files verified, 6 failed");
            assertThat(server.getNames).containsExactly("fine.txt");
            try (Stream<Path> left = Files.list(canary)) {
                assertThat(left).isEmpty();
            }
            assertThat(into.resolve("fine.txt")).hasContent("fine");
        }
    }
}
