package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RepositoryTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    Repository repository;

    @BeforeEach
    void createRepository() throws IOException {
        Files.writeString(root.resolve("sample.txt"), "hello\n");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/readme.md"), "# docs\n");
        Files.writeString(root.resolve(".secret"), "hidden");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "hidden too");
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        repository = Repository.open(root);
    }

    @Test
    void resolvesARegularFileWithItsStamp() throws RequestFailure {
        ServedFile file = repository.resolve("sample.txt");
        assertThat(file.path()).isEqualTo(repository.root().resolve("sample.txt"));
        assertThat(file.stamp().size()).isEqualTo(6);
        assertThat(file.stamp().regular()).isTrue();
    }

    @Test
    void aLoopOfLinksIsRefusedInFerrysWords() throws IOException {
        Files.createSymbolicLink(root.resolve("loop1"), root.resolve("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), root.resolve("loop1"));
        assertThatThrownBy(() -> repository.resolve("loop1")).isInstanceOf(RequestFailure.class)
                .hasMessage("loop1 cannot be read (a loop of links)");
    }

    @Test
    void theOperatingSystemsWordsForAFailureStayInTheLog() {
        assertThat(Repository.reasonOf(new java.nio.file.FileSystemException("/srv/x", null, "File name too long")))
                .isEqualTo("its path is too long for the server's file system");
        assertThat(Repository.reasonOf(new java.nio.file.AccessDeniedException("/srv/x", null, "Permission denied")))
                .isEqualTo("permission denied");
        assertThat(Repository.reasonOf(new IOException("Stale file handle"))).isEqualTo("the server's file system refused it");
    }

    @Test
    void resolvesFilesInSubfolders() throws RequestFailure {
        assertThat(repository.resolve("docs/readme.md").stamp().size()).isEqualTo(7);
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertRefused("nope.txt", ErrorCode.NO_SUCH_FILE, "no such file: nope.txt");
        assertRefused("sample.txt/inside", ErrorCode.NO_SUCH_FILE, "no such file: sample.txt/inside");
    }

    @Test
    void aFolderIsNotAFile() {
        assertRefused("docs", ErrorCode.NOT_A_FILE, "docs is a folder");
    }

    @Test
    void aLinkInsideTheRepositoryIsFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("sample.txt"));
        assertThat(repository.resolve("alias.txt").path()).isEqualTo(repository.root().resolve("sample.txt"));
    }

    @Test
    void aLinkLeadingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("passwd"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
        assertRefused("escape", ErrorCode.NOT_A_FILE, "escape is a link that leads out of the repository");
        assertRefused("escape-dir/passwd", ErrorCode.NOT_A_FILE, "escape-dir/passwd is a link that leads out of the repository");
    }

    @Test
    void aLinkToAHiddenFileIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("innocent.txt"), root.resolve(".secret"));
        assertRefused("innocent.txt", ErrorCode.NOT_A_FILE, "innocent.txt is a link to a hidden file");
    }

    @Test
    void aDanglingLinkIsNoSuchFile() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("gone"));
        assertRefused("dangling", ErrorCode.NO_SUCH_FILE, "no such file: dangling");
    }

    @Test
    void aFifoIsNotAFileAndIsNeverOpened() throws Exception {
        Path fifo = root.resolve("pipe");
        assumeTrue(makeFifo(fifo), "mkfifo is not available");
        assertRefused("pipe", ErrorCode.NOT_A_FILE, "pipe is not a regular file");
    }

    @Test
    void aFileSwappedForALinkAfterResolvingIsNotOpened() throws Exception {
        ServedFile checked = repository.resolve("sample.txt");
        Files.delete(root.resolve("sample.txt"));
        Files.createSymbolicLink(root.resolve("sample.txt"), outside.resolve("passwd"));
        assertThatThrownBy(() -> repository.open(checked))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_FILE))
                .hasMessage("sample.txt was replaced while it was being opened");
    }

    @Test
    void aFolderSwappedForALinkOutsideAfterResolvingIsNotOpened() throws Exception {
        Files.createDirectories(outside.resolve("docs"));
        Files.writeString(outside.resolve("docs/readme.md"), "# out\n"); // same size as the inside one
        ServedFile checked = repository.resolve("docs/readme.md");
        Files.move(root.resolve("docs"), root.resolve(".docs-away"));
        Files.createSymbolicLink(root.resolve("docs"), outside.resolve("docs"));
        assertThatThrownBy(() -> repository.open(checked))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_FILE))
                .hasMessage("docs/readme.md was replaced while it was being opened");
    }

    @Test
    void aPipeSwappedInForAFolderIsNotOpened() throws Exception {
        ServedFile checked = repository.resolve("docs/readme.md");
        Files.move(root.resolve("docs"), root.resolve(".docs-away"));
        assumeTrue(makeFifo(root.resolve("docs")), "mkfifo is not available");
        // opening a pipe for reading would wait for a writer: the folder's type is checked first
        assertThatThrownBy(() -> repository.open(checked))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_FILE));
    }

    @Test
    void aFileReplacedByAnotherAfterResolvingIsNotOpened() throws Exception {
        ServedFile checked = repository.resolve("sample.txt");
        Path replacement = root.resolve("replacement");
        Files.writeString(replacement, "other");
        Files.move(replacement, root.resolve("sample.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> repository.open(checked))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_FILE))
                .hasMessage("sample.txt was replaced while it was being opened");
    }

    @Test
    void openReadsTheCheckedFile() throws Exception {
        try (FileChannel channel = repository.open(repository.resolve("sample.txt"))) {
            ByteBuffer buffer = ByteBuffer.allocate(16);
            channel.read(buffer);
            assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        }
    }

    @Test
    void listingIsSortedRecursiveAndLeavesOutHiddenFilesAndEscapes() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("passwd"));
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("sample.txt"));
        Files.writeString(root.resolve("tab\there"), "control character");
        assertThat(repository.list()).extracting(FileEntry::name, FileEntry::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alias.txt", 6L),
                org.assertj.core.groups.Tuple.tuple("docs/readme.md", 7L),
                org.assertj.core.groups.Tuple.tuple("sample.txt", 6L));
    }

    @Test
    void listingIsInNameOrderIgnoringCaseWithAccentedLettersBesideTheirPlainOnes() throws Exception {
        for (String name : new String[] {"Zeta.txt", "alpha.txt", "Émile.txt", "docs/Appendix.md"}) {
            Files.writeString(root.resolve(name), name);
        }
        assertThat(repository.list()).extracting(FileEntry::name).containsExactly(
                "alpha.txt", "docs/Appendix.md", "docs/readme.md", "Émile.txt", "sample.txt", "Zeta.txt");
    }

    @Test
    void aNameThatIsNotValidUtf8IsLeftOutOfTheListingWithAWarningAndTheRestIsListed() throws Exception {
        assumeTrue(DiskNames.utf8(), "file names are UTF-8 in this JVM");
        assumeTrue(makeWithRawName(root, "caf\\351.txt") && makeWithRawName(root, "d\\351j\\340"),
                "the file system takes names that are not UTF-8");
        Files.writeString(root.resolve("café menu.txt"), "menu\n");
        Logged logged = Logged.from(Repository.class);
        try {
            assertThat(repository.list()).extracting(FileEntry::name)
                    .containsExactly("café menu.txt", "docs/readme.md", "sample.txt");
        } finally {
            logged.stop();
        }
        assertThat(logged.lines()).containsExactlyInAnyOrder(
                "WARN not listing caf\\xE9.txt: its name is not valid UTF-8; rename it to serve it",
                "WARN not listing the folder d\\xE9j\\xE0: its name is not valid UTF-8; rename it to serve it");
    }

    @Test
    void aNameReadFromAFileThatIsNotValidUtf8ResolvesToNothing() throws Exception {
        assumeTrue(DiskNames.utf8(), "file names are UTF-8 in this JVM");
        assumeTrue(makeWithRawName(root, "caf\\351.txt"), "the file system takes names that are not UTF-8");
        assertRefused("caf\uFFFD.txt", ErrorCode.NO_SUCH_FILE, "no such file: caf\uFFFD.txt");
    }

    @Test
    void openingAMissingOrPlainFileAsARepositoryFails() throws IOException {
        assertThatThrownBy(() -> Repository.open(root.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Repository.open(root.resolve("sample.txt"))).isInstanceOf(NotDirectoryException.class);
    }

    private void assertRefused(String name, ErrorCode code, String message) {
        assertThatThrownBy(() -> repository.resolve(name))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessage(message);
    }

    /**
     * Makes a file (or, for a name without a dot, a folder with a file in it) whose name has the
     * bytes {@code printf} makes of {@code escaped}; Java itself cannot spell a name that is not
     * valid in its file name charset.
     */
    static boolean makeWithRawName(Path folder, String escaped) throws InterruptedException {
        String make = escaped.contains(".")
                ? "printf x > \"$1/$(printf '" + escaped + "')\""
                : "mkdir \"$1/$(printf '" + escaped + "')\" && printf x > \"$1/$(printf '" + escaped + "')/inside.txt\"";
        try {
            Process process = new ProcessBuilder("sh", "-c", make, "sh", folder.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean makeFifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
