package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutReady;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone with write access inside and outside the repository moves the folder an upload is
 * landing in out of the repository while the upload runs. The daemon holds that folder by its
 * descriptor, which follows it wherever it goes; before the commit it walks from the root again and
 * finds the folder gone, so nothing lands outside, and the partial it wrote there is removed.
 */
@Timeout(60)
class MovedFolderUploadTest {
    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    @Test
    void anUploadWhoseFolderWasMovedOutOfTheRepositoryIsNotPutInPlace() throws Exception {
        RawClient client = ferryd.client();
        byte[] content = RawUpload.content(300_000, 21);
        Path held = Files.createDirectories(ferryd.repository().resolve("held"));
        Path moved = ferryd.canary().resolve("held");

        Message outcome = uploadWhile(client, 1, "held/moved.txt", content, () -> Files.move(held, moved));

        assertThat(outcome).isInstanceOfSatisfying(ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.WRITE_FAILED);
            assertThat(error.message()).contains("moved out of the repository");
        });
        assertThat(FerrydExtension.contents(ferryd.canary())).as("what is outside the repository").containsExactly("held");
        Figures.record("moved folder", "an upload whose folder was moved out of the repository before PUT_END: "
                + outcome + "; files outside afterwards: " + FerrydExtension.contents(moved).size());
    }

    @Test
    void aFolderMovedOutAndReplacedByAnotherOfTheSameNameIsNotTakenForIt() throws Exception {
        RawClient client = ferryd.client();
        byte[] content = RawUpload.content(300_000, 22);
        Path held = Files.createDirectories(ferryd.repository().resolve("held"));
        Path moved = ferryd.canary().resolve("held");

        Message outcome = uploadWhile(client, 1, "held/moved.txt", content, () -> {
            Files.move(held, moved);
            Files.createDirectories(held);
        });

        assertThat(outcome).isInstanceOf(ErrorReply.class);
        assertThat(FerrydExtension.contents(moved)).as("the moved folder, outside").isEmpty();
        assertThat(FerrydExtension.contents(held)).as("the new folder of the same name").isEmpty();
        // the session goes on: the same upload again lands in the folder that is there now
        assertThat(RawUpload.upload(client, 2, "held/moved.txt", content, false)).isInstanceOf(Message.PutDone.class);
        assertThat(Files.readAllBytes(held.resolve("moved.txt"))).isEqualTo(content);
    }

    private interface Move {
        void run() throws Exception;
    }

    /** Sends all of an upload's data, makes the move, then sends PUT_END; returns the answer to it. */
    private static Message uploadWhile(RawClient client, int id, String name, byte[] content, Move move) throws Exception {
        PutReady ready = (PutReady) RawUpload.open(client, id, new Put(name, content.length, false));
        RawUpload upload = RawUpload.accepted(client, id, ready);
        assertThat(upload.send(content, 0, content.length, 64 << 10)).isTrue();
        client.send(id + 100, new Message.Ping(1)); // answered once every byte before it was written
        assertThat(RawUpload.reply(client, id + 100)).isEqualTo(new Message.Pong(1));
        move.run();
        return upload.finish(content);
    }
}
