package dev.ferry.daemon.changes;

import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.NameOrder;
import dev.ferry.protocol.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What changed between two listings, both sorted by {@link NameOrder}: one walk down both lists
 * side by side, no map of either. The changes are collected only as far as one FILES_CHANGED frame
 * holds them; past that the answer is "too many", and nothing more is kept, so a burst of any size
 * costs at most one frame's worth of memory here.
 */
final class ListingDiff {
    private static final Comparator<String> ORDER = NameOrder.comparator();
    /** The FILES_CHANGED payload before its entries: the resync flag and the count. */
    private static final int OVERHEAD = 1 + 4;

    private ListingDiff() {}

    /** The changes from {@code before} to {@code after}; empty if they would not fit in one frame. */
    static Optional<List<FileChange>> between(List<FileEntry> before, List<FileEntry> after) {
        List<FileChange> changes = new ArrayList<>();
        long bytes = OVERHEAD;
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            FileChange change;
            if (j == after.size()) {
                change = FileChange.gone(before.get(i++).name());
            } else if (i == before.size()) {
                change = FileChange.present(after.get(j++));
            } else {
                FileEntry old = before.get(i);
                FileEntry now = after.get(j);
                int order = ORDER.compare(old.name(), now.name());
                if (order < 0) {
                    change = FileChange.gone(old.name());
                    i++;
                } else if (order > 0) {
                    change = FileChange.present(now);
                    j++;
                } else {
                    i++;
                    j++;
                    if (sameOnTheWire(old, now)) {
                        continue;
                    }
                    change = FileChange.present(now);
                }
            }
            bytes += MessageCodec.sizeOf(change);
            if (bytes > Wire.MAX_CONTROL_PAYLOAD) {
                return Optional.empty();
            }
            changes.add(change);
        }
        return Optional.of(changes);
    }

    /** Times travel in milliseconds: a change finer than that is none a client could see. */
    private static boolean sameOnTheWire(FileEntry old, FileEntry now) {
        return old.size() == now.size() && old.modified().toEpochMilli() == now.modified().toEpochMilli();
    }
}
