package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upload names in the forms an attacker, or an unlucky user, would try: the same letters in NFC and
 * NFD, encoded dots ({@code %2e%2e}, {@code ..%2f}), fullwidth and leader dots, an overlong UTF-8
 * {@code /} sent as raw bytes, and names that differ in case. Encoded and look-alike dots are
 * literal names, kept inside the repository, as a GET takes them; bytes that are not UTF-8 break
 * the protocol; and no folder ever ends up with two names that look identical.
 */
@Timeout(60)
class UploadNameFormsTest {
    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    @Test
    void namesThatLookTheSameNeverMakeTwoFiles() throws Exception {
        RawClient client = ferryd.client();
        RawClient other = ferryd.client();
        Map<String, String> outcomes = new LinkedHashMap<>();
        int[] id = {1};
        record Try(String name, Class<?> expected, ErrorCode code) {}
        List<Try> tries = List.of(
                new Try("caf\u00e9.txt", PutDone.class, null),           // NFC first
                new Try("cafe\u0301.txt", ErrorReply.class, ErrorCode.EXISTS), // then the same in NFD
                new Try("na\u0308ive.txt", PutDone.class, null),          // NFD first
                new Try("n\u00e4ive.txt", ErrorReply.class, ErrorCode.EXISTS), // then NFC
                new Try("K.txt", PutDone.class, null),
                new Try("\u212A.txt", ErrorReply.class, ErrorCode.EXISTS),    // the Kelvin sign is a K in NFC
                new Try("r\u00e9sum\u00e9/a.txt", PutDone.class, null),
                new Try("re\u0301sume\u0301/b.txt", ErrorReply.class, ErrorCode.EXISTS), // a look-alike folder
                new Try("Notes.txt", PutDone.class, null),
                new Try("notes.txt", PutDone.class, null));               // another case: another name, as on disk
        for (Try attempt : tries) {
            Message answer = RawUpload.upload(client, id[0]++, attempt.name(), RawUpload.content(100, id[0]), false);
            outcomes.put(escape(attempt.name()), answer instanceof ErrorReply e ? e.code().name() : answer.type().name());
            assertThat(answer).as(escape(attempt.name())).isInstanceOf(attempt.expected());
            if (attempt.code() != null) {
                assertThat(((ErrorReply) answer).code()).as(escape(attempt.name())).isEqualTo(attempt.code());
                assertThat(((ErrorReply) answer).message()).contains("looks the same");
            }
        }
        // two uploads of look-alike names at once: the second is busy, not a second file
        PutReady holding = (PutReady) RawUpload.open(client, id[0]++, new Put("fian\u00e7ailles.txt", 10, false));
        assertThat(holding).isNotNull();
        Message busy = RawUpload.upload(other, 1, "fianc\u0327ailles.txt", new byte[10], false);
        assertThat(busy).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_BUSY));
        outcomes.put("NFC and NFD at once", "second " + ((ErrorReply) busy).code().name());

        assertThat(FerrydExtension.contents(ferryd.repository())).filteredOn(n -> !n.startsWith("."))
                .containsExactlyInAnyOrder("K.txt", "Notes.txt", "caf\u00e9.txt", "large_file.txt", "na\u0308ive.txt",
                        "notes.txt", "r\u00e9sum\u00e9", "r\u00e9sum\u00e9/a.txt", "sample.txt", "test1.txt");
        Figures.record("upload name forms", "same letters in another form: " + outcomes);
    }

    @Test
    void encodedAndLookAlikeDotsAreLiteralNamesInsideTheRepository() throws Exception {
        RawClient client = ferryd.client();
        Map<String, Object> tried = new LinkedHashMap<>();
        tried.put("%2e%2e/x.txt", PutDone.class);
        tried.put("%2e%2e%2fx2.txt", PutDone.class);
        tried.put("..%2fx.txt", ErrorCode.BAD_NAME);
        tried.put("%2e%2e%5cx.txt", PutDone.class);
        tried.put("\uFF0E\uFF0E/x.txt", PutDone.class);
        tried.put("\u2024\u2024/x.txt", PutDone.class);
        tried.put("\uFF0E\uFF0E\uFF0Fx.txt", PutDone.class); // a fullwidth solidus is a letter, not a separator
        int id = 1;
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> attempt : tried.entrySet()) {
            Message answer = RawUpload.upload(client, id++, attempt.getKey(), "LITERAL\n".getBytes(StandardCharsets.UTF_8), false);
            outcomes.put(escape(attempt.getKey()), answer instanceof ErrorReply e ? e.code().name() : answer.type().name());
            if (attempt.getValue() instanceof ErrorCode code) {
                assertThat(answer).as(attempt.getKey()).isInstanceOfSatisfying(ErrorReply.class,
                        e -> assertThat(e.code()).isEqualTo(code));
            } else {
                assertThat(answer).as(attempt.getKey()).isInstanceOf(PutDone.class);
                assertThat(ferryd.repository().resolve(attempt.getKey())).as(attempt.getKey()).isRegularFile();
            }
        }
        assertThat(FerrydExtension.contents(ferryd.canary())).as("the canary beside the repository").isEmpty();
        assertThat(FerrydExtension.contents(ferryd.sandbox())).as("nothing beside the repository")
                .allMatch(n -> n.startsWith("files") || n.startsWith("canary"));
        Figures.record("upload name forms", "encoded and look-alike dots: " + outcomes
                + " (literal names, inside the repository); canary empty");
    }

    @Test
    void anOverlongSlashSentAsRawBytesBreaksTheProtocolAndWritesNothing() throws Exception {
        RawClient client = ferryd.client();
        RawClient bystander = ferryd.client();
        ByteBuffer frame = MessageCodec.encode(1, new Put("..XXescaped.txt", 8, false));
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        byte[] marker = "XX".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, marker);
        bytes[at] = (byte) 0xC0; // C0 AF: an overlong '/', which a lax decoder reads as '/'
        bytes[at + 1] = (byte) 0xAF;
        client.sendRaw(ByteBuffer.wrap(bytes));
        List<Message> answers = new ArrayList<>();
        for (Frame f = client.next(); f != null; f = client.next()) { // up to the error that ends the connection
            answers.add(f.message());
            if (f.message() instanceof ErrorReply) {
                break;
            }
        }
        assertThat(answers).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR)));
        assertThat(FerrydExtension.contents(ferryd.canary())).isEmpty();
        assertThat(FerrydExtension.contents(ferryd.sandbox())).allMatch(n -> n.startsWith("files") || n.startsWith("canary"));
        bystander.send(1, new Message.Ping(1));
        assertThat(RawUpload.reply(bystander, 1)).isEqualTo(new Message.Pong(1));
        Figures.record("upload name forms", "an overlong UTF-8 '/' (C0 AF) in a PUT's name: " + answers.stream()
                .map(m -> m instanceof ErrorReply e ? "ERROR " + e.code() : m.type().name()).toList()
                + ", connection closed, nothing written, another client served");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (haystack[i] == needle[0] && haystack[i + 1] == needle[1]) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    private static String escape(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(c < 0x80 ? Character.toString(c) : "\\u%04X".formatted(c)));
        return out.toString();
    }
}
