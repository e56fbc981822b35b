package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.JvmResources;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing is read once and reused until something in the repository changes; the watcher that
 * says so sees files and folders created, written and deleted at any depth, and falls back to
 * polling where the file system sends no notifications.
 */
@Timeout(60)
class RepositoryWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    Repository repository;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(folder.resolve("a.txt"), "a");
        Files.createDirectories(folder.resolve("docs/deep"));
        Files.writeString(folder.resolve("docs/deep/b.txt"), "b");
        // folders changed long ago: a listing of folders changed within a clock tick is read again
        for (Path made : List.of(folder.resolve("docs/deep"), folder.resolve("docs"), folder)) {
            Files.setLastModifiedTime(made, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        repository = Repository.watched(folder, RepositoryWatcher::start);
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private RepositoryWatcher watcher() {
        return repository.watcher().orElseThrow();
    }

    @Test
    void aListingIsReusedWhileNothingChanges() throws IOException {
        List<FileEntry> first = repository.list();
        assertThat(repository.list()).isSameAs(first);
        assertThat(first).extracting(FileEntry::name).containsExactly("a.txt", "docs/deep/b.txt");
    }

    @Test
    void aFileCreatedDeepDownIsListedOnceTheWatcherSeesIt() throws Exception {
        assertThat(watcher().polling()).as("this system sends notifications").isFalse();
        List<FileEntry> before = repository.list();
        long generation = watcher().generation();
        Files.writeString(folder.resolve("docs/deep/c.txt"), "c");

        assertThat(watcher().awaitChange(generation, WAIT)).isGreaterThan(generation);
        assertThat(repository.list()).isNotSameAs(before).extracting(FileEntry::name)
                .containsExactly("a.txt", "docs/deep/b.txt", "docs/deep/c.txt");
    }

    @Test
    void aFileWrittenToIsListedWithItsNewSize() throws Exception {
        repository.list();
        long generation = watcher().generation();
        Files.writeString(folder.resolve("a.txt"), "more", StandardOpenOption.APPEND);

        assertThat(watcher().awaitChange(generation, WAIT)).isGreaterThan(generation);
        assertThat(repository.list()).filteredOn(e -> e.name().equals("a.txt")).extracting(FileEntry::size)
                .containsExactly(5L);
    }

    @Test
    void aFolderCreatedLaterIsWatchedToo() throws Exception {
        long generation = watcher().generation();
        Files.createDirectories(folder.resolve("new"));
        generation = watcher().awaitChange(generation, WAIT);
        repository.list();
        long listed = watcher().generation();
        Files.writeString(folder.resolve("new/d.txt"), "d");

        assertThat(watcher().awaitChange(listed, WAIT)).isGreaterThan(listed);
        assertThat(repository.list()).extracting(FileEntry::name).contains("new/d.txt");
    }

    @Test
    void aFileCreatedJustBeforeAListIsInItBeforeTheWatcherHearsOfIt() throws Exception {
        Repository polled = Repository.watched(folder, RepositoryWatcher::polling); // hears nothing for a second
        try {
            assertThat(polled.list()).extracting(FileEntry::name).containsExactly("a.txt", "docs/deep/b.txt");
            Files.writeString(folder.resolve("docs/deep/new.txt"), "n");
            Files.delete(folder.resolve("a.txt"));

            assertThat(polled.list()).extracting(FileEntry::name).containsExactly("docs/deep/b.txt", "docs/deep/new.txt");
        } finally {
            polled.close();
        }
    }

    @Test
    void aFileCreatedInTheClockTickOfTheListingIsInTheNextOne() throws Exception {
        Repository polled = Repository.watched(folder, RepositoryWatcher::polling); // hears nothing for a second
        try {
            Path deep = folder.resolve("docs/deep");
            Files.setLastModifiedTime(deep, FileTime.from(Instant.now()));
            FileTime tick = Files.getLastModifiedTime(deep);
            assertThat(polled.list()).extracting(FileEntry::name).containsExactly("a.txt", "docs/deep/b.txt");
            // made in the same tick of the file system's clock: the folder's time reads as before
            Files.writeString(deep.resolve("same-tick.txt"), "s");
            Files.setLastModifiedTime(deep, tick);

            assertThat(polled.list()).extracting(FileEntry::name)
                    .containsExactly("a.txt", "docs/deep/b.txt", "docs/deep/same-tick.txt");
        } finally {
            polled.close();
        }
    }

    @Test
    void listenersHearWhichFolderChanged() throws Exception {
        LinkedBlockingQueue<Path> changed = new LinkedBlockingQueue<>();
        watcher().subscribe(changed::add);
        Files.delete(folder.resolve("docs/deep/b.txt"));

        assertThat(changed.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(repository.root().resolve("docs/deep"));
    }

    @Test
    void withoutNotificationsTheListingIsReadAgainAfterThePollInterval() throws Exception {
        try (RepositoryWatcher polling = RepositoryWatcher.polling(repository.root())) {
            assertThat(polling.polling()).isTrue();
            long generation = polling.generation();
            assertThat(polling.awaitChange(generation, RepositoryWatcher.POLL.multipliedBy(5))).isGreaterThan(generation);
        }
    }

    @Test
    void closingStopsTheWatchersThread() {
        assertThat(JvmResources.threadsNamed("ferry-repository-watcher")).isNotEmpty();
        repository.close();
        assertThat(JvmResources.threadsNamed("ferry-repository-watcher")).isEmpty();
    }

    @Test
    void aLinkLoopIsWarnedAboutOnceHoweverOftenTheListingIsRead() throws Exception {
        Files.createSymbolicLink(folder.resolve("loop"), folder.resolve("loop"));
        Logged logged = Logged.from(Repository.class);
        try {
            for (int i = 0; i < 5; i++) {
                long generation = watcher().generation();
                Files.writeString(folder.resolve("touch-" + i + ".txt"), "t");
                watcher().awaitChange(generation, WAIT);
                assertThat(repository.list()).extracting(FileEntry::name).contains("touch-" + i + ".txt");
            }
            assertThat(logged.lines()).filteredOn(line -> line.contains("loop")).hasSize(1);
        } finally {
            logged.stop();
        }
    }
}
