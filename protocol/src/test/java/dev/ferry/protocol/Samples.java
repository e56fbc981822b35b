package dev.ferry.protocol;

import dev.ferry.protocol.Message.*;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One representative message of every control type, for round trips and truncation tests. */
final class Samples {
    private Samples() {}

    static final Instant T1 = Instant.parse("2025-10-19T15:29:28.375Z");
    static final Instant T2 = Instant.parse("2025-10-19T17:14:51.072Z");

    static List<Message> all() {
        byte[] digest = new byte[32];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte) (i * 7);
        }
        return List.of(
                new Hello(Wire.PROTOCOL_VERSION, "ferry/1.0.0", "c2VjcmV0IGtleSBmb3IgdGVzdHM"),
                new Hello(Wire.PROTOCOL_VERSION, "ferry/1.0.0"),
                new ListFiles(),
                new Get("café menu.txt", 1234, 4 << 20),
                new Window(1 << 20),
                new Cancel(),
                new Status(),
                new Who(),
                new Ping(-42),
                new Uptime(),
                new Help(),
                new About(),
                new Say("hello, everyone ✓"),
                new Message.Msg("Client02", "just you ✓"),
                new Exit(),
                new Welcome(Wire.PROTOCOL_VERSION, "Client01", "ferryd/1.0.0", 8, true),
                new Refused(ErrorCode.SERVER_FULL, "server full: 3 of 3 clients connected"),
                new FileList(List.of(new FileEntry("sample.txt", 6, T1), new FileEntry("dir/ünïcode.bin", 0, T2)), true),
                new FileHeader(1L << 40, 17, T1),
                new FileEnd(digest),
                new StatusReply(List.of(new ConnectionRow("Client01", "alice", "127.0.0.1:49559", T1, null),
                        new ConnectionRow("Client03", "127.0.0.1:53358", T1, T2)), false),
                new WhoReply(List.of("Client01", "Client02"), true),
                new Pong(Long.MAX_VALUE),
                new UptimeReply(T1, Duration.ofSeconds(118)),
                new HelpReply("list\nget NAME"),
                new AboutReply("ferryd", "1.0.0", Wire.PROTOCOL_VERSION, "serving files/"),
                new Ack("hello"),
                new ErrorReply(ErrorCode.NO_SUCH_FILE, "no such file: nope.txt"),
                new Bye("bye"),
                new Joined("Client02", "bob", "127.0.0.1:53339", T1),
                new Joined("Client04", "127.0.0.1:53340", T1),
                new Left("Client03", T2, "exit"),
                new Chat("Client02", "hi", T2),
                new Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"),
                new Message.Private("Client01", "psst", T2),
                new Message.Earlier("Client03", "said before", T1),
                new Put("reports/naïve q3.pdf", 5L << 30, true, false),
                new Put("notes.txt", 0, false, true),
                new PutEnd(digest),
                new PutReady(1L << 33, digest, 16 << 20),
                new PutReady(0, digest, 0),
                new PutWindow(1 << 20),
                new PutDone(1L << 40, true),
                new Watch(),
                new FilesChanged(List.of(FileChange.present(new FileEntry("notes.txt", 12_288, T1)),
                        FileChange.gone("dir/old ✓.bin")), false),
                FilesChanged.resyncNeeded(),
                new Uploaded("Client02", "notes.txt", 12_288, T2));
    }
}
