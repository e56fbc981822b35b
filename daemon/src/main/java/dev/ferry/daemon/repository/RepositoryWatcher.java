package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when anything in the repository changes: a file or folder created, deleted, written or
 * renamed, in any folder a listing would show. Each change moves {@link #generation()} on, so
 * whatever was computed from the repository (a listing) stays good while the generation stands
 * still, and listeners hear which folder changed.
 *
 * <p>It watches every folder with the file system's notifications ({@link WatchService}; inotify on
 * Linux), registering new folders as they appear. Where notifications cannot be had (no support,
 * or the system's limit on watches reached, at the start or for a folder created later) it falls
 * back to polling: the generation moves on
 * every {@link #POLL} whether or not anything changed, so what is computed from the repository is
 * never older than that. One thread, {@code ferry-repository-watcher}, owned here and stopped by
 * {@link #close()}.
 */
public final class RepositoryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepositoryWatcher.class);

    /** How stale a listing may get when the file system sends no notifications. */
    static final Duration POLL = Duration.ofSeconds(1);

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
    private final List<Consumer<Path>> listeners = new CopyOnWriteArrayList<>();
    private final Object changes = new Object();
    private final Thread thread;
    private long generation;
    /** A folder could not be watched (the limit on watches reached): polling covers it from now on. */
    private volatile boolean degraded;
    private volatile boolean closed;

    private RepositoryWatcher(Path root, WatchService service) {
        this.root = root;
        this.service = service;
        this.thread = new Thread(service != null ? this::watch : this::poll, "ferry-repository-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching the folder (a real path) and everything in it; every folder there is now is
     * watched when this returns, so no change after it goes unnoticed.
     */
    public static RepositoryWatcher start(Path root) {
        WatchService service = notifications(root);
        RepositoryWatcher watcher = new RepositoryWatcher(root, service);
        if (service != null) {
            try {
                watcher.registerTree(root);
            } catch (IOException e) {
                log.warn("cannot watch {} for changes ({}); listings are read again at most once every {} ms", root,
                        e.toString(), POLL.toMillis());
                watcher.closeService();
                watcher = new RepositoryWatcher(root, null);
            }
        }
        watcher.thread.start();
        return watcher;
    }

    /** Starts a watcher that polls, as where the file system sends no notifications; for tests. */
    public static RepositoryWatcher polling(Path root) {
        RepositoryWatcher watcher = new RepositoryWatcher(root, null);
        watcher.thread.start();
        return watcher;
    }

    /** True if changes are noticed by polling, not by notifications. */
    public boolean polling() {
        return service == null || degraded;
    }

    /** Moves on with every change; equal values mean nothing changed in between. */
    public long generation() {
        synchronized (changes) {
            return generation;
        }
    }

    /** Waits until the generation moves past {@code seen}; returns the new one, or {@code seen} at the timeout. */
    public long awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
            return generation;
        }
    }

    /** Calls {@code listener} with each folder in which something changed (the root when polling), on the watcher's thread. */
    public void subscribe(Consumer<Path> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the watch service: {}", e.toString());
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WatchService notifications(Path root) {
        WatchService service = null;
        try {
            service = root.getFileSystem().newWatchService();
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch {} for changes ({}); listings are read again at most once every {} ms", root,
                    e.toString(), POLL.toMillis());
            return null;
        }
    }

    private void watch() {
        while (!closed) {
            WatchKey key;
            try {
                key = degraded ? service.poll(POLL.toMillis(), TimeUnit.MILLISECONDS) : service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key == null) {
                changed(root); // a folder is not watched: what is computed from it may be a poll old
                continue;
            }
            Path folder = folders.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (folder != null && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && event.context() instanceof Path name) {
                    registerNew(folder.resolve(name));
                }
            }
            if (!key.reset()) {
                folders.remove(key);
            }
            changed(folder != null ? folder : root);
        }
    }

    private void poll() {
        while (!closed) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            changed(root);
        }
    }

    private void changed(Path folder) {
        synchronized (changes) {
            generation++;
            changes.notifyAll();
        }
        for (Consumer<Path> listener : listeners) {
            try {
                listener.accept(folder);
            } catch (RuntimeException e) {
                log.error("a repository change listener failed", e);
            }
        }
    }

    /** A folder created (or moved in) is watched too, with whatever it already holds. */
    private void registerNew(Path path) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            registerTree(path);
        } catch (IOException e) {
            if (!degraded) {
                log.warn("cannot watch the new folder {} for changes ({}); listings are read again at most once"
                        + " every {} ms from now on", DiskNames.bytesOf(root, path), e.toString(), POLL.toMillis());
            }
            degraded = true;
        }
    }

    /** Watches a folder and every folder below it that a listing would enter: not hidden, not a link. */
    private void registerTree(Path top) throws IOException {
        Files.walkFileTree(top, EnumSet.noneOf(FileVisitOption.class), NameRules.MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                folders.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a folder it cannot enter, a listing cannot either
            }
        });
    }

    private void closeService() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
    }
}
