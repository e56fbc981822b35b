package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's disk fills up in the middle of an upload: ferryd runs in a mount namespace of
 * its own on an 8 MiB tmpfs (made with {@code unshare -m}, which needs root or user namespaces),
 * two uploads of 5 MiB each pass the free-space check together, and the second runs out of room
 * part-way. It gets NO_SPACE, its partial keeps what was written, the files already there are
 * untouched, and ferryd goes on serving. Where no namespace can be made the test is skipped, and
 * says why.
 */
@Timeout(120)
class DiskFullUploadTest {
    private static final int DISK_MIB = 8;
    private static final int UPLOAD_BYTES = 5 << 20;

    @TempDir
    Path sandbox;

    @Test
    void aDiskThatFillsPartWayIsAClearErrorThatKeepsThePartialAndEverythingElse() throws Exception {
        Path disk = Files.createDirectories(sandbox.resolve("disk"));
        String why = namespaceUnavailable(disk);
        if (why != null) {
            Figures.record("disk full", "SKIPPED: " + why);
            System.out.println("DiskFullUploadTest skipped: " + why);
        }
        assumeTrue(why == null, why);
        String script = "mount -t tmpfs -o size=" + DISK_MIB + "m ferry-test \"$0\" && mkdir \"$0/files\""
                + " && printf 'keep me\\n' > \"$0/files/existing.txt\" && exec \"$@\"";
        List<String> wrapper = List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script, disk.toString());
        try (DaemonProcess ferryd = DaemonProcess.startWrapped(wrapper, List.of("-Xmx64m"), "--port", "0", "--no-tls",
                "--repo", disk.resolve("files").toString(), "--uploads", "--min-free-space", "0",
                "--log-file", sandbox.resolve("ferryd.log").toString())) {
            RawClient.plainTextAt(ferryd.address());
            try (RawClient first = RawClient.admitted(ferryd.address());
                    RawClient second = RawClient.admitted(ferryd.address())) {
                byte[] a = RawUpload.content(UPLOAD_BYTES, 11);
                byte[] b = RawUpload.content(UPLOAD_BYTES, 12);
                PutReady readyA = (PutReady) RawUpload.open(first, 1, new Put("a.bin", a.length, false));
                PutReady readyB = (PutReady) RawUpload.open(second, 1, new Put("b.bin", b.length, false));

                RawUpload uploadA = RawUpload.accepted(first, 1, readyA);
                assertThat(uploadA.send(a, 0, a.length, 1 << 20)).isTrue();
                assertThat(uploadA.finish(a)).isEqualTo(new PutDone(a.length, false));
                RawUpload uploadB = RawUpload.accepted(second, 1, readyB);
                Message failed = uploadB.send(b, 0, b.length, 1 << 20) ? uploadB.finish(b) : uploadB.last();

                assertThat(failed).isInstanceOfSatisfying(ErrorReply.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.NO_SPACE);
                    assertThat(error.message()).startsWith("b.bin could not be written on the server: the server's disk is full")
                            .contains("the server keeps");
                });
                assertThat(download(second, 2, "existing.txt")).isEqualTo("keep me\n".getBytes());
                assertThat(download(second, 3, "a.bin")).isEqualTo(a);
                second.send(4, new Message.ListFiles());
                assertThat(((Message.FileList) RawUpload.reply(second, 4)).files()).extracting(Message.FileEntry::name)
                        .containsExactlyInAnyOrder("a.bin", "existing.txt");
                long kept = partialBytes(ferryd.pid(), disk.resolve("files"));
                assertThat(kept).as("what was written of b.bin is kept for a resume").isPositive();
                try (RawClient third = RawClient.admitted(ferryd.address())) {
                    third.send(1, new Message.Ping(5));
                    assertThat(RawUpload.reply(third, 1)).isEqualTo(new Message.Pong(5));
                }
                assertThat(Files.readString(sandbox.resolve("ferryd.log"))).contains("upload of b.bin failed after");
                Figures.record("disk full", "two 5 MiB uploads to an " + DISK_MIB + " MiB tmpfs (its own mount"
                        + " namespace): the first committed, the second NO_SPACE after " + uploadB.sent()
                        + " bytes sent with " + kept + " bytes kept in its partial; the existing file and the first upload"
                        + " read back intact, and ferryd admitted a new client and answered PING");
            } finally {
                RawClient.plainTextGone(ferryd.address());
            }
        }
    }

    /** Why no mount namespace with a tmpfs can be made here, or null if one can. */
    private static String namespaceUnavailable(Path disk) throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=1m ferry-probe \"$0\"", disk.toString()).redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes()).strip();
            if (!probe.waitFor(20, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return "unshare -m did not finish";
            }
            return probe.exitValue() == 0 ? null
                    : "a mount namespace with a tmpfs cannot be made here (unshare -m: " + said + "); it needs root or user namespaces";
        } catch (IOException e) {
            return "unshare (util-linux) is not installed: " + e.getMessage();
        }
    }

    /** The size of the one partial in {@code folder} as the daemon's own mount namespace sees it. */
    private static long partialBytes(long pid, Path folder) throws IOException {
        Path inside = Path.of("/proc/" + pid + "/root" + folder);
        try (Stream<Path> files = Files.list(inside)) {
            List<Path> partials = files.filter(p -> p.getFileName().toString().startsWith(".ferry-part-")).toList();
            assertThat(partials).hasSize(1);
            return Files.size(partials.get(0));
        }
    }

    private static byte[] download(RawClient client, int id, String name) throws IOException {
        client.send(id, new Message.Get(name, 0));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (;;) {
            Message message = RawUpload.reply(client, id);
            if (message instanceof Message.Data) {
                data.write(client.data());
            } else if (message instanceof Message.FileEnd) {
                return data.toByteArray();
            } else if (!(message instanceof Message.FileHeader)) {
                throw new AssertionError("GET " + name + ": " + message);
            }
        }
    }
}
