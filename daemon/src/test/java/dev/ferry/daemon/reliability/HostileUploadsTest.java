package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.PutDone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uploads under names meant to escape the repository, and through a folder swapped for a link
 * while the uploads run. A canary folder beside the repository, which every escape would land
 * in, stays empty, and the daemon goes on serving.
 */
@Timeout(120)
class HostileUploadsTest {
    private static final int RACE_UPLOADS = 1000;

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
    void everyHostileNameIsRefusedAndNothingIsWrittenOutsideTheRepository() throws Exception {
        Files.createSymbolicLink(repository.resolve("out"), canary);
        Files.createDirectories(repository.resolve("real"));
        Files.createSymbolicLink(repository.resolve("real/inner"), canary);
        Files.writeString(repository.resolve("plain.txt"), "a file, not a folder");
        Map<String, ErrorCode> hostile = new java.util.LinkedHashMap<>();
        hostile.put("../canary/escaped.txt", ErrorCode.BAD_NAME);
        hostile.put("real/../../canary/escaped.txt", ErrorCode.BAD_NAME);
        hostile.put(canary.resolve("escaped.txt").toString(), ErrorCode.BAD_NAME);
        hostile.put("..\\canary\\escaped.txt", ErrorCode.BAD_NAME);
        hostile.put("./escaped.txt", ErrorCode.BAD_NAME);
        hostile.put("dir//escaped.txt", ErrorCode.BAD_NAME);
        hostile.put("dir/", ErrorCode.BAD_NAME);
        hostile.put("", ErrorCode.BAD_NAME);
        hostile.put(".bashrc", ErrorCode.BAD_NAME);
        hostile.put("dir/.hidden", ErrorCode.BAD_NAME);
        hostile.put(".ferry-part-0123456789abcdef0123456789abcdef", ErrorCode.BAD_NAME);
        hostile.put(".ssh/authorized_keys", ErrorCode.BAD_NAME);
        hostile.put("tab\there.txt", ErrorCode.BAD_NAME);
        hostile.put("new\nline.txt", ErrorCode.BAD_NAME);
        hostile.put("bidi\u202Etxt.exe", ErrorCode.BAD_NAME);
        hostile.put("x".repeat(256), ErrorCode.BAD_NAME);
        hostile.put("d/".repeat(32) + "deep.txt", ErrorCode.BAD_NAME);
        hostile.put("out/escaped.txt", ErrorCode.NOT_A_FILE);
        hostile.put("real/inner/escaped.txt", ErrorCode.NOT_A_FILE);
        hostile.put("out/deeper/escaped.txt", ErrorCode.NOT_A_FILE);
        hostile.put("plain.txt/escaped.txt", ErrorCode.NOT_A_FILE);
        hostile.put("out", ErrorCode.NOT_A_FILE);
        int id = 1;
        for (Map.Entry<String, ErrorCode> name : hostile.entrySet()) {
            Message answer = RawUpload.upload(client, id++, name.getKey(), "ESCAPED\n".getBytes(StandardCharsets.UTF_8), true);
            assertThat(answer).as(name.getKey()).isInstanceOfSatisfying(ErrorReply.class,
                    error -> assertThat(error.code()).isEqualTo(name.getValue()));
        }

        assertThat(contents(canary)).as("the canary folder beside the repository").isEmpty();
        assertThat(Files.readString(repository.resolve("plain.txt"))).isEqualTo("a file, not a folder");
        assertThat(repository.resolve("dir")).doesNotExist();
        client.send(id, new Message.Ping(1));
        assertThat(RawUpload.reply(client, id)).isEqualTo(new Message.Pong(1));
        Figures.record("hostile uploads", hostile.size() + " hostile upload names (.., absolute, backslash, hidden,"
                + " the partials' own prefix, control characters, bidi override, over-long part, 33 folders deep,"
                + " links to a folder outside, a file as a folder) all refused before a byte; canary folder empty");
    }

    @Test
    void aFolderSwappedForALinkWhileUploadsRunNeverLetsAByteOut() throws Exception {
        Path race = repository.resolve("race");
        Files.createDirectories(race);
        Path link = repository.resolve(".link"); // hidden: parked here, never listed nor served
        Files.createSymbolicLink(link, canary);
        byte[] content = "uploaded through race/\n".getBytes(StandardCharsets.UTF_8);

        Process swapper = Swapper.start(sandbox, race, link);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> committed = new ArrayList<>();
        try {
            for (int id = 1; id <= RACE_UPLOADS; id++) {
                String name = "race/f-" + id + ".txt";
                Message answer = RawUpload.upload(client, id, name, content, false);
                if (answer instanceof PutDone) {
                    committed.add("f-" + id + ".txt");
                    outcomes.merge("committed", 1, Integer::sum);
                } else {
                    outcomes.merge(((ErrorReply) answer).code().name(), 1, Integer::sum);
                }
            }
        } finally {
            long swaps = Swapper.stop(swapper);
            Figures.record("symlink swap race, uploads", RACE_UPLOADS + " uploads to race/f-N.txt while race/ was exchanged"
                    + " with a link to a folder outside " + swaps + " times (renameat2 RENAME_EXCHANGE): " + outcomes
                    + "; files in the outside folder afterwards: " + contents(canary).size());
            assertThat(swaps).as("swaps made while the uploads ran").isGreaterThan(100);
        }

        assertThat(contents(canary)).as("the folder outside the repository").isEmpty();
        assertThat(outcomes.getOrDefault("committed", 0)).as("uploads that went through").isPositive();
        Path realFolder = Files.isSymbolicLink(race) ? link : race; // where the real folder is parked now
        List<String> inside = contents(realFolder);
        assertThat(inside).as("every committed upload is in the real folder, inside the repository")
                .containsAll(committed);
    }

    private static List<String> contents(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
