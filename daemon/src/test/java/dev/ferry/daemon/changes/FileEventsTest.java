package dev.ferry.daemon.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send WATCH get the listing and then FILES_CHANGED events from a running ferryd;
 * others get none; an upload is told to everyone but the uploader. Reads wait on the socket with
 * its read timeout (20 s); how soon an event comes is measured by scripts/bench.sh.
 */
@Timeout(60)
class FileEventsTest {
    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    TestDaemon daemon;

    RawClient admitted() throws IOException {
        return ferryd.client();
    }

    /** The next frame that is not about who joined or left. */
    static Message next(RawClient client) throws IOException {
        for (;;) {
            Frame frame = client.next();
            assertThat(frame).as("a frame before the end of the stream").isNotNull();
            if (!(frame.message() instanceof Message.Joined || frame.message() instanceof Message.Left)) {
                return frame.message();
            }
        }
    }

    /** Sends WATCH and reads the listing it is answered with. */
    static List<FileEntry> watch(RawClient client, int id) throws IOException {
        client.send(id, new Message.Watch());
        List<FileEntry> files = new ArrayList<>();
        for (;;) {
            Message.FileList page = (Message.FileList) next(client);
            files.addAll(page.files());
            if (page.last()) {
                return files;
            }
        }
    }

    @Test
    void aFileRenamedIntoTheRepositoryReachesAWatchingClientAndNoOtherClient() throws IOException {
        Path repository = ferryd.repository();
        daemon = ferryd.start(b -> b);
        RawClient watching = admitted();
        RawClient other = admitted();
        assertThat(watch(watching, 1)).extracting(FileEntry::name)
                .containsExactly("large_file.txt", "sample.txt", "test1.txt");

        Path staged = Files.writeString(ferryd.sandbox().resolve("notes.txt"), "twelve bytes");
        Files.move(staged, repository.resolve("notes.txt"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(next(watching)).isInstanceOfSatisfying(Message.FilesChanged.class, event -> {
            assertThat(event.resync()).isFalse();
            assertThat(event.changes()).extracting(FileChange::name).containsExactly("notes.txt");
            assertThat(event.changes().get(0).entry().size()).isEqualTo(12);
        });
        // the event went to every watcher at once: a reply the other asks for now comes after anything queued for it
        other.send(2, new Message.Ping(9));
        assertThat(next(other)).isEqualTo(new Message.Pong(9));
    }

    @Test
    void anUploadIsToldToTheOtherClientsWhetherTheyWatchOrNotButNotToTheUploader() throws IOException {
        daemon = ferryd.start(b -> b);
        RawClient first = admitted();
        RawClient uploader = admitted();
        String uploaderName = uploader.welcome().clientName();

        daemon.daemon().context().changes().uploaded(uploaderName, "notes.txt", 12 * 1024);
        assertThat(next(first)).isInstanceOfSatisfying(Message.Uploaded.class, uploaded -> {
            assertThat(uploaded.client()).isEqualTo(uploaderName);
            assertThat(uploaded.name()).isEqualTo("notes.txt");
            assertThat(uploaded.size()).isEqualTo(12 * 1024);
        });
        uploader.send(3, new Message.Ping(1));
        assertThat(next(uploader)).isEqualTo(new Message.Pong(1));
    }

    @Test
    void aRealUploadIsToldToTheOthersAndAppearsInTheWatchersList() throws IOException {
        daemon = ferryd.start(settings -> settings.uploads(RawUpload.OPEN));
        RawClient watching = admitted();
        RawClient uploader = admitted();
        watch(watching, 1);

        Message done = RawUpload.upload(uploader, 2, "notes.txt", new byte[12 * 1024], false);
        assertThat(done).isInstanceOf(Message.PutDone.class);

        assertThat(next(watching)).isInstanceOfSatisfying(Message.Uploaded.class, uploaded -> {
            assertThat(uploaded.client()).isEqualTo(uploader.welcome().clientName());
            assertThat(uploaded.name()).isEqualTo("notes.txt");
            assertThat(uploaded.size()).isEqualTo(12 * 1024);
        });
        assertThat(next(watching)).isInstanceOfSatisfying(Message.FilesChanged.class, event ->
                assertThat(event.changes()).singleElement().satisfies(change -> {
                    assertThat(change.name()).isEqualTo("notes.txt");
                    assertThat(change.entry().size()).isEqualTo(12 * 1024);
                }));
        // the uploader is not told of its own upload: its next frame is the answer to what it asks next
        uploader.send(3, new Message.Ping(5));
        assertThat(next(uploader)).isEqualTo(new Message.Pong(5));
    }

    @Test
    void watchingAgainAnswersWithTheWholeListingAgain() throws IOException {
        daemon = ferryd.start(b -> b);
        RawClient client = admitted();
        List<FileEntry> first = watch(client, 1);
        assertThat(watch(client, 2)).isEqualTo(first);
    }
}
