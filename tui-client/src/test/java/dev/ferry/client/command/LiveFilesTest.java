package dev.ferry.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FilesChanged;
import dev.ferry.protocol.Message.Uploaded;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFilesTest {
    static final Instant T = Instant.ofEpochSecond(1_000);

    static FileEntry file(String name, long size) {
        return new FileEntry(name, size, T);
    }

    static FilesChanged changes(FileChange... changes) {
        return new FilesChanged(List.of(changes), false);
    }

    @Test
    void eventsPatchTheListingInNameOrder() {
        LiveFiles live = new LiveFiles();
        live.replace(List.of(file("b.txt", 1), file("Z.txt", 2)));
        live.apply(changes(FileChange.present(file("a.txt", 3)), FileChange.gone("b.txt"),
                FileChange.present(file("Z.txt", 9))));
        assertThat(live.files()).containsExactly(file("a.txt", 3), file("Z.txt", 9));
        // applying the same event again changes nothing: each change is a state
        live.apply(changes(FileChange.present(file("a.txt", 3)), FileChange.gone("b.txt")));
        assertThat(live.files()).containsExactly(file("a.txt", 3), file("Z.txt", 9));
    }

    @Test
    void oneFileIsNamedAndSeveralAreCounted() {
        LiveFiles live = new LiveFiles();
        live.replace(List.of(file("old.txt", 1), file("keep.txt", 1)));
        assertThat(live.apply(changes(FileChange.present(file("notes.txt", 12 * 1024)))))
                .hasValue("* new on the server: notes.txt (12 KiB)");
        assertThat(live.apply(changes(FileChange.present(file("notes.txt", 1536)))))
                .hasValue("* changed on the server: notes.txt (1.5 KiB)");
        assertThat(live.apply(changes(FileChange.gone("old.txt")))).hasValue("* old.txt is gone from the server");
        assertThat(live.apply(changes(FileChange.gone("never-known.txt")))).isEmpty();
        assertThat(live.apply(changes(FileChange.present(file("a", 1)), FileChange.present(file("b", 1)),
                FileChange.present(file("keep.txt", 2)), FileChange.gone("notes.txt"))))
                .hasValue("* files on the server: 2 new, 1 changed, 1 gone; 'list' shows them");
        assertThat(live.apply(FilesChanged.resyncNeeded())).hasValue("* many files changed on the server; 'list' shows them");
    }

    @Test
    void anUploadIsToldOnceNotAgainWhenItsFileShowsUp() {
        LiveFiles live = new LiveFiles();
        live.replace(List.of());
        assertThat(live.uploaded(new Uploaded("Client02", "notes.txt", 12 * 1024, T)))
                .isEqualTo("* Client02 uploaded notes.txt (12 KiB)");
        assertThat(live.apply(changes(FileChange.present(file("notes.txt", 12 * 1024))))).isEmpty();
        assertThat(live.names()).containsExactly("notes.txt");
        // the same name written again later is news
        assertThat(live.apply(changes(FileChange.present(file("notes.txt", 13 * 1024)))))
                .hasValue("* changed on the server: notes.txt (13 KiB)");
    }

    @Test
    void namesFromTheServerCannotDriveTheTerminal() {
        LiveFiles live = new LiveFiles();
        live.replace(List.of());
        assertThat(live.uploaded(new Uploaded("Client02", "bad\u001b[2Jname", 1, T))).doesNotContain("\u001b");
    }
}
