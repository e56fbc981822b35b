package dev.ferry.daemon.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingDiffTest {
    static final Instant T1 = Instant.ofEpochSecond(1_000);
    static final Instant T2 = Instant.ofEpochSecond(2_000);

    static FileEntry file(String name, long size, Instant at) {
        return new FileEntry(name, size, at);
    }

    @Test
    void aRenameIsTheOldNameGoneAndTheNewOnePresent() {
        List<FileEntry> before = List.of(file("a.txt", 1, T1), file("draft.txt", 5, T1), file("z.txt", 3, T1));
        List<FileEntry> after = List.of(file("a.txt", 1, T1), file("notes.txt", 5, T1), file("z.txt", 3, T1));
        assertThat(ListingDiff.between(before, after)).hasValue(List.of(
                FileChange.gone("draft.txt"), FileChange.present(file("notes.txt", 5, T1))));
    }

    @Test
    void aNewSizeOrTimeIsAChangeAndAnEqualEntryIsNot() {
        List<FileEntry> before = List.of(file("a", 1, T1), file("b", 2, T1), file("c", 3, T1));
        List<FileEntry> after = List.of(file("a", 9, T1), file("b", 2, T2), file("c", 3, T1));
        assertThat(ListingDiff.between(before, after)).hasValue(List.of(
                FileChange.present(file("a", 9, T1)), FileChange.present(file("b", 2, T2))));
    }

    @Test
    void aTimeThatDiffersOnlyBelowAMillisecondIsNoChange() {
        List<FileEntry> before = List.of(file("a", 1, T1.plusNanos(100)));
        List<FileEntry> after = List.of(file("a", 1, T1.plusNanos(900)));
        assertThat(ListingDiff.between(before, after)).hasValue(List.of());
    }

    @Test
    void filesAtEitherEndAndFromOrToNothingAreSeen() {
        List<FileEntry> some = List.of(file("B", 1, T1), file("c/d", 2, T1));
        assertThat(ListingDiff.between(List.of(), some)).hasValue(List.of(
                FileChange.present(some.get(0)), FileChange.present(some.get(1))));
        assertThat(ListingDiff.between(some, List.of())).hasValue(List.of(FileChange.gone("B"), FileChange.gone("c/d")));
        assertThat(ListingDiff.between(some, List.of(file("a", 0, T1), file("B", 1, T1), file("e", 0, T1))))
                .hasValue(List.of(FileChange.present(file("a", 0, T1)), FileChange.gone("c/d"),
                        FileChange.present(file("e", 0, T1))));
        assertThat(ListingDiff.between(some, some)).hasValue(List.of());
    }

    @Test
    void moreChangesThanOneFrameHoldsAreTooMany() {
        List<FileEntry> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(file("file-%05d.txt".formatted(i), i, T1));
        }
        assertThat(ListingDiff.between(List.of(), many)).isEmpty();
        assertThat(ListingDiff.between(many, List.of())).isEmpty();
        assertThat(ListingDiff.between(many, many)).hasValue(List.of());
        assertThat(ListingDiff.between(many.subList(0, 9_990), many)).map(List::size).hasValue(10);
    }
}
