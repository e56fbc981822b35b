package dev.ferry.daemon.changes;

import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.shared.LogText;
import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns changes in the repository into FILES_CHANGED events for the clients that sent WATCH.
 *
 * <p>The {@link dev.ferry.daemon.repository.RepositoryWatcher} only says that something changed
 * somewhere. The feed then reads the listing (the repository's own, cached until something
 * changes) and compares it with the one its last event was made from ({@link ListingDiff}); what
 * differs, if anything, goes to every watching client in one frame. However many notifications a
 * burst brings, the feed looks at most once every {@link #INTERVAL}, and never spends more than
 * half its time reading listings; a burst too large for one frame becomes a single resync. So
 * neither a client nor the daemon's memory ever holds more than a frame per event.
 *
 * <p>Order: a WATCH is answered (the client marked as watching, the listing read and its pages
 * queued) under the same lock as an event is made and queued, so a client never gets an event
 * made before its listing after it. Events state what a file is now, so one made from an older
 * listing than a client's own does no harm.
 *
 * <p>One thread, {@code ferry-file-events}, started by {@link #start()} and stopped by
 * {@link #close()}.
 */
public final class ChangeFeed implements RepositoryEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** The least time between two events. */
    static final Duration INTERVAL = Duration.ofMillis(100);
    /** How long a first change waits for the rest of its burst (a rename is two notifications). */
    static final Duration SETTLE = Duration.ofMillis(15);

    private final Repository repository;
    private final Watchers watchers;
    private final Clock clock;
    private final Thread thread;
    /** Guards {@code dirty} and {@code closed}, and is what the thread waits on. */
    private final Object signal = new Object();
    /** Guards {@code previous}: making an event and answering a WATCH exclude each other. */
    private final Object feed = new Object();
    private boolean dirty;
    private boolean closed;
    /** The listing the last event was made from; null while nobody watches. */
    private List<FileEntry> previous;

    public ChangeFeed(Repository repository, Watchers watchers, Clock clock) {
        this.repository = repository;
        this.watchers = watchers;
        this.clock = clock;
        this.thread = new Thread(this::run, "ferry-file-events");
        this.thread.setDaemon(true);
    }

    /** Starts listening to the repository's watcher, if it has one, and the feed's thread. */
    public void start() {
        repository.watcher().ifPresent(watcher -> watcher.subscribe(folder -> changed()));
        thread.start();
    }

    /** Something in the repository may have changed: an event follows soon if a listing shows it. */
    public void changed() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    /**
     * Answers a WATCH: marks the client as watching ({@code subscribe}) and hands the listing to
     * {@code reply}, which queues its pages; both before any further event is made.
     */
    public void watch(Runnable subscribe, Consumer<List<FileEntry>> reply) throws IOException {
        synchronized (feed) {
            subscribe.run();
            List<FileEntry> listing = repository.list();
            if (previous == null) {
                previous = listing; // nobody watched before: events start from what this client is told
            }
            reply.accept(listing);
        }
    }

    @Override
    public void uploaded(String client, String name, long size) {
        watchers.toAllBut(client, new Message.Uploaded(client, name, size, clock.instant()));
        changed(); // the file system's notification may come later, or, when polling, a second later
    }

    @Override
    public void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextAllowed = 0;
        try {
            while (awaitChange()) {
                long now = System.nanoTime();
                long due = Math.max(now + SETTLE.toNanos(), nextAllowed);
                TimeUnit.NANOSECONDS.sleep(due - now); // more changes meanwhile join this event
                synchronized (signal) {
                    dirty = false;
                }
                long started = System.nanoTime();
                publish();
                long took = System.nanoTime() - started;
                nextAllowed = started + Math.max(INTERVAL.toNanos(), 2 * took);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Waits until something changed; false once closed. */
    private boolean awaitChange() throws InterruptedException {
        synchronized (signal) {
            while (!dirty && !closed) {
                signal.wait();
            }
            return !closed;
        }
    }

    /** Makes the event for what changed since the last one, if anyone watches, and sends it. */
    private void publish() {
        synchronized (feed) {
            if (!watchers.anyWatching()) {
                previous = null;
                return;
            }
            List<FileEntry> listing;
            try {
                listing = repository.list();
            } catch (IOException | RuntimeException e) {
                log.warn("cannot read the repository for its changes: {}", LogText.clip(e.toString()));
                return; // the next change tries again
            }
            if (previous == null) {
                previous = listing;
                return;
            }
            if (listing == previous) {
                return; // the same cached listing: nothing a client sees has changed
            }
            Optional<List<FileChange>> changes = ListingDiff.between(previous, listing);
            previous = listing;
            if (changes.isPresent() && changes.get().isEmpty()) {
                return;
            }
            Message.FilesChanged event = changes.map(c -> new Message.FilesChanged(c, false))
                    .orElseGet(Message.FilesChanged::resyncNeeded);
            log.debug("{}", event.resync() ? "files changed: too many to list, clients read the listing again"
                    : "files changed: " + event.changes().size());
            watchers.toWatchers(MessageCodec.encode(Wire.NO_ID, event));
        }
    }
}
