package dev.ferry.client.command;

import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.NameOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server's file list as a front end keeps it: replaced whole by a listing, patched by the
 * FILES_CHANGED events that follow a WATCH. Each change states what a file is now, so applying
 * them in the order they come keeps the list right. Also says, in one short line, what an event
 * changed, leaving out a file another client's upload was just announced with. Used on one thread.
 */
public final class LiveFiles {
    private final TreeMap<String, FileEntry> files = new TreeMap<>(NameOrder.comparator());
    /** Uploads told in the messages, not yet seen in an event: name to size. */
    private final Map<String, Long> announced = new TreeMap<>();

    /** The list as a listing has it now. */
    public void replace(List<FileEntry> listing) {
        files.clear();
        listing.forEach(file -> files.put(file.name(), file));
    }

    /**
     * Applies an event; returns the line that says what changed, if anything worth saying did. A
     * resync changes nothing here: the caller asks for the listing again and {@link #replace}s.
     */
    public Optional<String> apply(Message.FilesChanged event) {
        if (event.resync()) {
            return Replies.filesChanged(event, Set.of());
        }
        Set<String> before = Set.copyOf(files.keySet());
        List<FileChange> worthTelling = event.changes().stream().filter(change -> !alreadyTold(change)).toList();
        for (FileChange change : event.changes()) {
            if (change.isGone()) {
                files.remove(change.name());
            } else {
                files.put(change.name(), change.entry());
            }
        }
        return Replies.filesChanged(new Message.FilesChanged(worthTelling, false), before);
    }

    /** Another client's upload: the line for the messages; the event that lists the file then says no more of it. */
    public String uploaded(Message.Uploaded upload) {
        if (announced.size() > 1_000) {
            announced.clear(); // uploads whose event never came (a client not watching): forget them
        }
        announced.put(upload.name(), upload.size());
        return Replies.uploaded(upload);
    }

    private boolean alreadyTold(FileChange change) {
        Long size = announced.remove(change.name());
        return size != null && !change.isGone() && size == change.entry().size();
    }

    /** Every file, sorted by name as the server sorts them. */
    public List<FileEntry> files() {
        return List.copyOf(files.values());
    }

    /** Every file's name. */
    public Set<String> names() {
        return Set.copyOf(files.keySet());
    }
}
