package dev.ferry.client.tui;

import dev.ferry.client.failure.FileErrors;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.protocol.NameOrder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads local folders for the Local pane, and walks the trees it uploads, on a thread of its own
 * ({@code ferry-ui-local}): a folder on a slow or hung disk holds up this thread, never the screen. Each listing comes back
 * on the GUI thread through {@link UiExecutor}. Reads at most {@value #LIMIT} entries, so a
 * folder of millions of files costs a bounded amount of memory; the rest are counted. Owned by
 * {@link TuiApp}, which closes it when the UI stops.
 */
final class LocalFolder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalFolder.class);
    static final int LIMIT = 5000;
    private static final Duration STOP = Duration.ofSeconds(2);

    /** One thing in a folder: a file or a folder (symbolic links followed), with its size. */
    record Entry(Path path, String name, boolean folder, long size) {
        boolean hidden() {
            return name.startsWith(".");
        }
    }

    /**
     * A folder as read: its entries (folders first, then files, each in name order), how many more
     * there were than {@value #LIMIT}, and why it could not be read (null if it could).
     */
    record Listing(Path folder, List<Entry> entries, long notShown, String problem) {}

    /** Finds what an upload of a path sends; {@link LocalTree#of} unless a test holds the walk. */
    interface Walker {
        LocalTree.Found walk(Path path, String prefix, String as) throws IOException;
    }

    private final UiExecutor ui;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("ferry-ui-local"));
    private volatile Walker walker = LocalTree::of;

    LocalFolder(UiExecutor ui) {
        this.ui = ui;
    }

    /** Reads {@code folder} (hidden entries too: the pane decides) and hands the listing to {@code done} on the GUI thread. */
    void read(Path folder, java.util.function.Consumer<Listing> done) {
        try {
            thread.execute(() -> {
                Listing listing = list(folder);
                ui.post(() -> done.accept(listing));
            });
        } catch (RejectedExecutionException e) {
            log.debug("not read, the UI is closing: {}", folder);
        }
    }

    /**
     * Finds the files an upload of {@code path} sends (the file, or every file in the folder's
     * tree, named below {@code prefix} as {@code as} or the path's own name; see {@link LocalTree})
     * and hands them to {@code done} on the GUI thread, or why not to {@code failed}.
     */
    void tree(Path path, String prefix, String as, java.util.function.Consumer<LocalTree.Found> done,
            java.util.function.Consumer<String> failed) {
        try {
            thread.execute(() -> {
                try {
                    LocalTree.Found found = walker.walk(path, prefix, as);
                    ui.post(() -> done.accept(found));
                } catch (IOException e) {
                    String why = e instanceof FileSystemException fs ? FileErrors.reason(fs, path) : "cannot be read";
                    ui.post(() -> failed.accept(why));
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("not walked, the UI is closing: {}", path);
        }
    }

    /** Walks trees with {@code walker} from now on: a test's way to hold a walk and see the screen go on. */
    void walkWith(Walker walker) {
        this.walker = walker;
    }

    /** Reads {@code folder} on the calling thread. */
    static Listing list(Path folder) {
        List<Entry> entries = new ArrayList<>();
        long more = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path path : stream) {
                if (entries.size() >= LIMIT) {
                    more++;
                    continue;
                }
                entries.add(entry(path));
            }
        } catch (FileSystemException e) {
            return new Listing(folder, List.of(), 0, FileErrors.reason(e, folder));
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read {}", folder, e);
            return new Listing(folder, List.of(), 0, "cannot be read");
        }
        Comparator<String> byName = NameOrder.comparator();
        entries.sort(Comparator.comparing((Entry e) -> !e.folder()).thenComparing(Entry::name, byName));
        return new Listing(folder, List.copyOf(entries), more, null);
    }

    private static Entry entry(Path path) {
        String name = path.getFileName().toString();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Entry(path, name, attributes.isDirectory(), attributes.isDirectory() ? -1 : attributes.size());
        } catch (IOException followed) {
            // a dangling link, or one that may not be followed: shown as what it is
            try {
                BasicFileAttributes link = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Entry(path, name, false, link.size());
            } catch (IOException e) {
                return new Entry(path, name, false, -1);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the local folder reader did not stop within {} s", STOP.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
