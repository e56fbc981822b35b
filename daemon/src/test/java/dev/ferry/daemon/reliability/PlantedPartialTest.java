package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.repository.UploadFolder;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone with write access inside the repository plants something at the name of an upload's
 * hidden partial before the upload starts: a hard link to a file outside the repository or to a
 * file inside it, a link, a FIFO. The upload must write only into a file of its own: the linked
 * files keep their bytes, and the upload still lands whole and verified.
 */
@Timeout(60)
class PlantedPartialTest {
    private static final String CANARY_TEXT = "the canary's own bytes, which no upload may touch\n";

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    Path sandbox;
    Path repository;
    Path canary;
    RawClient client;

    @BeforeEach
    void connect() throws IOException {
        sandbox = ferryd.sandbox();
        repository = ferryd.repository();
        canary = ferryd.canary();
        client = ferryd.client();
    }

    @Test
    void aHardLinkAtThePartialsNameNeverWritesIntoTheFileItLinksTo() throws Exception {
        Path outside = Files.writeString(canary.resolve("outside.txt"), CANARY_TEXT);
        Path inside = Files.writeString(repository.resolve("keep.txt"), CANARY_TEXT);
        Files.createLink(partialOf("fresh.txt"), outside);
        Files.createLink(partialOf("resumed.txt"), inside);
        byte[] content = RawUpload.content(200_000, 7);
        int id = 1;
        for (boolean resume : new boolean[] {false, true}) {
            for (String name : new String[] {"fresh.txt", "resumed.txt"}) {
                Files.deleteIfExists(repository.resolve(name));
                if (!Files.exists(partialOf(name))) {
                    Files.createLink(partialOf(name), name.startsWith("fresh") ? outside : inside);
                }
                Message answer = upload(id++, name, content, resume);
                assertThat(answer).as(name + " resume=" + resume).isInstanceOf(PutDone.class);
                assertThat(Files.readAllBytes(repository.resolve(name))).as(name).isEqualTo(content);
                assertThat(Files.readString(outside)).as("the file outside the repository").isEqualTo(CANARY_TEXT);
                assertThat(Files.readString(inside)).as("the file inside the repository").isEqualTo(CANARY_TEXT);
            }
        }
        Figures.record("planted partials", "4 uploads whose partial's name was a hard link to a file outside or inside"
                + " the repository (fresh and resumed): each landed verified in a file of its own; linked files unchanged");
    }

    @Test
    void aLinkOrFifoAtThePartialsNameIsNeverFollowedNorHangsTheSession() throws Exception {
        Path outside = Files.writeString(canary.resolve("outside.txt"), CANARY_TEXT);
        Files.createSymbolicLink(partialOf("linked.txt"), outside);
        mkfifo(partialOf("piped.txt"));
        byte[] content = RawUpload.content(100_000, 3);
        int id = 1;
        for (String name : new String[] {"linked.txt", "piped.txt"}) {
            for (boolean resume : new boolean[] {true, false}) {
                Files.deleteIfExists(repository.resolve(name));
                Message answer = upload(id++, name, content, resume);
                assertThat(answer).as(name + " resume=" + resume).isInstanceOf(PutDone.class);
                assertThat(Files.readAllBytes(repository.resolve(name))).isEqualTo(content);
            }
        }
        assertThat(Files.readString(outside)).isEqualTo(CANARY_TEXT);
        client.send(id, new Message.Ping(5));
        assertThat(RawUpload.reply(client, id)).isEqualTo(new Message.Pong(5));
    }

    private Message upload(int id, String name, byte[] content, boolean resume) throws IOException {
        Message answer = RawUpload.open(client, id, new Put(name, content.length, false, resume));
        if (!(answer instanceof Message.PutReady ready)) {
            return answer;
        }
        RawUpload upload = RawUpload.accepted(client, id, ready);
        return upload.send(content, (int) ready.offset(), content.length, 64 * 1024) ? upload.finish(content) : upload.last();
    }

    private Path partialOf(String name) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        return repository.resolve(UploadFolder.PARTIAL_PREFIX + HexFormat.of().formatHex(digest, 0, 16));
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    }
}
