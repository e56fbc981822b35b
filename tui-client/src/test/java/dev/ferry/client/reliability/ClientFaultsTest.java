package dev.ferry.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.client.wording.Formats;
import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Faults on the client's side of a download: the daemon dies, the disk fills, the file changes. */
@Timeout(180)
class ClientFaultsTest {

    @TempDir
    Path dir;

    @Test
    void aDaemonKilledMidDownloadLeavesTheClientAPartThatARerunResumesAndVerifies() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path source = repository.resolve("big.bin");
        writeRandom(source, 256L << 20);
        Path downloads = dir.resolve("downloads");
        Path part = downloads.resolve("big.bin.part");

        long kept;
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--log-file", dir.resolve("logs/ferryd.log").toString())) {
            FerryClient client = connect(daemon.port(), daemon.fingerprint());
            AtomicBoolean killed = new AtomicBoolean();
            Download download = client.download("big.bin", downloads, false, new DownloadListener() {
                @Override
                public void progress(Download d, long received, long size) {
                    if (received >= (16L << 20) && killed.compareAndSet(false, true)) {
                        daemon.kill(); // SIGKILL, mid-transfer
                    }
                }
            });
            assertThatThrownBy(() -> download.result().get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.LOST))
                    // the kernel closes a killed process's socket with a reset or an orderly close,
                    // as timing has it; both are a lost connection to the user
                    .hasMessageStartingWith("connection lost")
                    .hasMessageContaining(part + " kept (")
                    .hasMessageContaining("get it again to resume");
            client.close();
            kept = Files.size(part);
            assertThat(kept).isGreaterThanOrEqualTo(16L << 20).isLessThan(256L << 20);
            assertThat(downloads.resolve("big.bin")).doesNotExist();
        }

        try (DaemonProcess restarted = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--log-file", dir.resolve("logs/ferryd.log").toString());
                FerryClient client = connect(restarted.port(), restarted.fingerprint())) {
            DownloadResult result = client.download("big.bin", downloads, false, DownloadListener.NONE)
                    .result().get(120, TimeUnit.SECONDS);
            assertThat(result.resumedFrom()).isEqualTo(kept);
            assertThat(client.dataBytesReceived()).isEqualTo((256L << 20) - kept);
            assertThat(result.sha256()).isEqualTo(sha256(source));
            assertThat(Files.mismatch(downloads.resolve("big.bin"), source)).isEqualTo(-1);
            assertThat(part).doesNotExist();
        }
        Figures.record("faults", "ferryd killed with SIGKILL 16 MiB into a 256 MiB download: the client reported the drop and kept "
                + kept + " bytes in big.bin.part; against the restarted daemon it fetched only the other "
                + ((256L << 20) - kept) + " bytes and the SHA-256 matched");
    }

    @Test
    void aFullDiskIsAClearErrorThatKeepsThePartAndLeavesTheDaemonServingOthers() throws Exception {
        skipVisiblyUnless(smallFileSystemProblem());
        Path repository = dir.resolve("files");
        try (TestDaemon daemon = TestDaemon.start(repository)) {
            try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
                big.setLength(64L << 20);
            }
            Path downloads = dir.resolve("small-disk");
            Files.createDirectories(downloads);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a private mount namespace with an 8 MiB file system at the download folder; the real client runs in it
            String script = "mount -t tmpfs -o size=8m tmpfs \"$DL\" || exit 99; "
                    + "\"$JAVA\" -cp \"$CP\" dev.ferry.client.cli.FerryCommand --port \"$PORT\" --fingerprint \"$FP\" get big.bin -o \"$DL\"; "
                    + "echo \"exit=$?\"; stat -c 'part=%s' \"$DL/big.bin.part\"; ls \"$DL\"";
            ProcessBuilder builder = new ProcessBuilder("unshare", "-r", "-m", "sh", "-c", script).redirectErrorStream(true);
            builder.environment().put("DL", downloads.toString());
            builder.environment().put("JAVA", java);
            builder.environment().put("CP", System.getProperty("java.class.path"));
            builder.environment().put("PORT", Integer.toString(daemon.port()));
            builder.environment().put("FP", daemon.fingerprint());
            Process process = builder.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            skipVisiblyUnless(process.exitValue() == 99 ? "cannot mount a private tmpfs here: " + output.strip() : null);

            assertThat(output).contains("ferry: get big.bin: cannot write " + downloads.resolve("big.bin.part")
                    + ": no space left on device; " + downloads.resolve("big.bin.part") + " kept (");
            assertThat(output).doesNotContain("\tat ", "Exception");
            assertThat(output).contains("exit=1");
            long kept = Long.parseLong(output.replaceAll("(?s).*part=(\\d+).*", "$1"));
            assertThat(kept).isPositive().isLessThanOrEqualTo(8L << 20);
            // the count reported is what the .part holds, not what arrived before the disk filled
            assertThat(output).contains("big.bin.part kept (" + Formats.size(kept) + " of " + Formats.size(64L << 20) + ")");
            assertThat(output.lines()).doesNotContain("big.bin");

            try (FerryClient other = connect(daemon.port(), daemon.fingerprint())) {
                DownloadResult fine = other.download("sample.txt", dir.resolve("elsewhere"), false, DownloadListener.NONE)
                        .result().get(30, TimeUnit.SECONDS);
                assertThat(fine.sha256()).isEqualTo(DigestUtils.sha256Hex("hello\n"));
            }
            assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
            Figures.record("faults", "download into an 8 MiB file system that filled up: one-line error (no space left on device), exit 1, "
                    + kept + " bytes kept in big.bin.part, the daemon went on serving another client");
        }
    }

    @Test
    void aFileChangedWhileItIsBeingServedIsNeverKept() throws Exception {
        Path repository = dir.resolve("files");
        try (TestDaemon daemon = TestDaemon.start(repository); FerryClient client = connect(daemon.port(), daemon.fingerprint())) {
            Path source = repository.resolve("changing.bin");
            writeRandom(source, 64L << 20);
            Path downloads = dir.resolve("downloads");
            AtomicBoolean changed = new AtomicBoolean();
            AtomicLong receivedWhenChanged = new AtomicLong();
            Download download = client.download("changing.bin", downloads, false, new DownloadListener() {
                @Override
                public void progress(Download d, long received, long size) {
                    if (changed.compareAndSet(false, true)) {
                        receivedWhenChanged.set(received);
                        overwriteMiddle(source);
                    }
                }
            });
            assertThatThrownBy(() -> download.result().get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("changed");
            assertThat(downloads.resolve("changing.bin")).doesNotExist();
            assertThat(downloads.resolve("changing.bin.part")).doesNotExist();

            DownloadResult again = client.download("changing.bin", downloads, false, DownloadListener.NONE)
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(again.sha256()).isEqualTo(sha256(source));
            Figures.record("faults", "a 64 MiB file rewritten in its middle " + receivedWhenChanged.get() + " bytes into sending"
                    + " it: the client was told it changed, kept 0 bytes of it; the next get fetched all " + again.size()
                    + " bytes of the new version, SHA-256 verified");
        }
    }

    /**
     * Why an 8 MiB file system of our own cannot be had here (unshare(1) missing, or user and mount
     * namespaces not allowed), or null if it can: the probe mounts one, as the test will.
     */
    private String smallFileSystemProblem() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            return "needs unshare(1) to mount a private small file system, and /usr/bin/unshare is missing";
        }
        Path probe = Files.createDirectories(dir.resolve("probe"));
        Process process = new ProcessBuilder("unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$1\"",
                "probe", probe.toString()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "unshare -r -m did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null
                : "unshare -r -m cannot mount a private tmpfs here (exit " + process.exitValue() + ": " + output + ")";
    }

    /** Skips the test if there is a reason to, saying so in the test report and in the figures. */
    private static void skipVisiblyUnless(String problem) {
        if (problem != null) {
            Figures.record("faults", "SKIPPED the full-disk test: " + problem);
        }
        assumeTrue(problem == null, () -> "skipped: " + problem);
    }

    private static void overwriteMiddle(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(32L << 20);
            raf.write("a different version".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static FerryClient connect(int port, String fingerprint) throws FerryException {
        return FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", port)
                .withTrust(ServerTrust.exactly(fingerprint)), ClientListener.NONE);
    }

    static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
