package dev.ferry.daemon.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.repository.RepositoryWatcher;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FilesChanged;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The feed turns changes on disk into FILES_CHANGED events, with notifications and by polling. */
@Timeout(120)
class ChangeFeedTest {
    @TempDir
    Path dir;

    Repository repository;
    ChangeFeed feed;
    final Clients clients = new Clients();

    /** Watchers that decode what they are sent, as a client would read it. */
    static final class Clients implements Watchers {
        volatile boolean watching;
        final BlockingQueue<FilesChanged> changes = new LinkedBlockingQueue<>();
        final BlockingQueue<Object[]> others = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> frameSizes = new LinkedBlockingQueue<>();

        @Override
        public boolean anyWatching() {
            return watching;
        }

        @Override
        public void toWatchers(ByteBuffer frame) {
            frameSizes.add(frame.remaining());
            int length = frame.getInt(0);
            assertThat(frame.get(4) & 0xFF).isEqualTo(MessageType.FILES_CHANGED.code());
            try {
                changes.add((FilesChanged) MessageCodec.decode(MessageType.FILES_CHANGED,
                        frame.slice(Wire.HEADER_SIZE, length)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void toAllBut(String except, Message.Event event) {
            others.add(new Object[] {except, event});
        }
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        if (repository != null) {
            repository.close();
        }
    }

    Path start(Function<Path, RepositoryWatcher> watcher) throws IOException {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(root.resolve("old.txt"), "old");
        repository = Repository.watched(root, watcher);
        feed = new ChangeFeed(repository, clients, Clock.systemUTC());
        feed.start();
        return root;
    }

    /** Sends WATCH for the one client; returns the listing it is answered with, as a map by name. */
    TreeMap<String, FileEntry> watch() throws IOException {
        TreeMap<String, FileEntry> list = new TreeMap<>();
        feed.watch(() -> clients.watching = true, listing -> listing.forEach(e -> list.put(e.name(), e)));
        return list;
    }

    /** Waits for the next event; fails if none comes within the timeout. */
    FilesChanged nextEvent() throws InterruptedException {
        FilesChanged event = clients.changes.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a FILES_CHANGED event within 10 s").isNotNull();
        return event;
    }

    /** Renames a file made beside the repository into it, as an upload or a careful writer does. */
    void renameIn(Path root, String name, String content) throws IOException {
        Path staged = Files.writeString(dir.resolve("staged-" + name), content);
        Files.move(staged, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aFileRenamedIntoTheRepositoryIsAnEventWithItsSize() throws Exception {
        Path root = start(RepositoryWatcher::start);
        assertThat(watch()).containsOnlyKeys("old.txt");
        renameIn(root, "notes.txt", "twelve bytes");
        FilesChanged event = nextEvent();
        assertThat(event.resync()).isFalse();
        assertThat(event.changes()).singleElement().satisfies(change -> {
            assertThat(change.name()).isEqualTo("notes.txt");
            assertThat(change.entry().size()).isEqualTo(12);
        });
        Files.delete(root.resolve("old.txt"));
        assertThat(nextEvent().changes()).containsExactly(FileChange.gone("old.txt"));
    }

    @Test
    void whereTheFileSystemSendsNoNotificationsPollingFindsTheChange() throws Exception {
        Path root = start(RepositoryWatcher::polling);
        assertThat(repository.watcher().orElseThrow().polling()).isTrue();
        watch();
        renameIn(root, "notes.txt", "by polling");
        FilesChanged event = nextEvent();
        assertThat(event.changes()).extracting(FileChange::name).containsExactly("notes.txt");
        Files.move(root.resolve("notes.txt"), root.resolve("renamed.txt"));
        assertThat(nextEvent().changes()).extracting(FileChange::name).containsExactly("notes.txt", "renamed.txt");
    }

    @Test
    void aHiddenPartialGrowingIsNoEvent() throws Exception {
        Path root = start(RepositoryWatcher::start);
        watch();
        Files.writeString(root.resolve(".ferry-part-notes.txt"), "partial");
        Files.writeString(root.resolve(".ferry-part-notes.txt"), "partial, more");
        renameIn(root, "visible.txt", "x");
        // the only event names the visible file: the hidden one never shows
        assertThat(nextEvent().changes()).extracting(FileChange::name).containsExactly("visible.txt");
    }

    @Test
    void aBurstOfTenThousandFilesCostsFewSmallFramesAndTheListConverges() throws Exception {
        Path root = start(RepositoryWatcher::start);
        TreeMap<String, FileEntry> list = watch();
        for (int i = 0; i < 10_000; i++) {
            Files.writeString(root.resolve("burst-%05d.txt".formatted(i)), "x");
        }
        Files.delete(root.resolve("old.txt"));
        renameIn(root, "last.txt", "the end");
        List<FileEntry> finalListing = repository.list();
        assertThat(finalListing).hasSize(10_001);
        // apply events as a client does, reading the listing again at a resync, until it matches
        while (!List.copyOf(list.values()).equals(List.copyOf(byName(finalListing).values()))) {
            FilesChanged event = nextEvent();
            if (event.resync()) {
                list = watch();
                continue;
            }
            for (FileChange change : event.changes()) {
                if (change.isGone()) {
                    list.remove(change.name());
                } else {
                    list.put(change.name(), change.entry());
                }
            }
        }
        List<Integer> sizes = List.copyOf(clients.frameSizes);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(Wire.HEADER_SIZE + Wire.MAX_CONTROL_PAYLOAD));
        // one event per interval at most, however many notifications came: far fewer frames than files
        assertThat(sizes.size()).isLessThan(200);
    }

    @Test
    void anUploadIsToldToEveryoneButTheUploaderAndShowsInTheNextEvent() throws Exception {
        Path root = start(RepositoryWatcher::polling); // polling: only the hook can make it quick, and it must not be lost
        watch();
        renameIn(root, "notes.txt", "x".repeat(12 * 1024));
        feed.uploaded("Client02", "notes.txt", 12 * 1024);
        Object[] told = clients.others.poll(10, TimeUnit.SECONDS);
        assertThat(told).isNotNull();
        assertThat(told[0]).isEqualTo("Client02");
        assertThat(told[1]).isInstanceOfSatisfying(Message.Uploaded.class, uploaded -> {
            assertThat(uploaded.client()).isEqualTo("Client02");
            assertThat(uploaded.name()).isEqualTo("notes.txt");
            assertThat(uploaded.size()).isEqualTo(12 * 1024);
        });
        assertThat(nextEvent().changes()).singleElement().satisfies(change -> {
            assertThat(change.name()).isEqualTo("notes.txt");
            assertThat(change.entry().size()).isEqualTo(12 * 1024);
        });
    }

    static TreeMap<String, FileEntry> byName(List<FileEntry> listing) {
        TreeMap<String, FileEntry> map = new TreeMap<>();
        listing.forEach(e -> map.put(e.name(), e));
        return map;
    }
}
