package dev.ferry.client.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FileErrorsTest {
    static final Path PART = Path.of("/srv/downloads/a.txt.part");

    @TempDir
    Path folder;

    @Test
    void aFailureAboutTheSubjectItselfIsJustItsReason() {
        assertThat(FileErrors.reason(new AccessDeniedException(PART.toString()), PART)).isEqualTo("permission denied");
        assertThat(FileErrors.reason(new FileAlreadyExistsException(PART.toString()), PART)).isEqualTo("already exists");
        assertThat(FileErrors.reason(new NoSuchFileException(PART.toString()), PART)).isEqualTo("no such file or folder");
    }

    @Test
    void aFailureAboutAFolderAboveTheSubjectNamesThatFolder() {
        assertThat(FileErrors.reason(new NoSuchFileException("/srv/downloads"), PART)).isEqualTo("/srv/downloads: no such folder");
        assertThat(FileErrors.reason(new NotDirectoryException("/srv"), PART)).isEqualTo("/srv: not a folder");
        assertThat(FileErrors.reason(new AccessDeniedException("/srv"), PART)).isEqualTo("/srv: permission denied");
    }

    @Test
    void withoutASubjectThePathIsAlwaysNamed() {
        assertThat(FileErrors.reason(new AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
        assertThat(FileErrors.reason(new NoSuchFileException("/root/x"))).isEqualTo("/root/x: no such file or folder");
    }

    @Test
    void systemReasonsAreSaidInFerrysWords() {
        assertThat(FileErrors.reason(new FileSystemException("/srv/x", null, "Not a directory"), PART)).isEqualTo("/srv/x: not a folder");
        assertThat(FileErrors.reason(new FileSystemException(PART.toString(), null, "Read-only file system"), PART))
                .isEqualTo("read-only file system");
        assertThat(FileErrors.reason(new IOException("No space left on device"), PART)).isEqualTo("no space left on device");
        assertThat(FileErrors.reason(new IOException(), PART)).isEqualTo("IOException");
        assertThat(FileErrors.reason(new FileSystemException(PART.toString()), PART)).isEqualTo("FileSystemException");
    }

    @Test
    void creatingFoldersWhereAFileIsInTheWayNamesTheFile() throws IOException {
        Path file = Files.writeString(folder.resolve("notes.txt"), "not a folder");
        assertThatThrownBy(() -> FileErrors.createFolders(file)).isInstanceOfSatisfying(NotDirectoryException.class,
                e -> assertThat(e.getFile()).isEqualTo(file.toString()));
        assertThatThrownBy(() -> FileErrors.createFolders(file.resolve("deeper/still")))
                .isInstanceOfSatisfying(NotDirectoryException.class, e -> assertThat(e.getFile()).isEqualTo(file.toString()));

        FileErrors.createFolders(folder.resolve("new/and/nested"));
        assertThat(folder.resolve("new/and/nested")).isDirectory();
    }
}
