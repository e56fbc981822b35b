package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry put} against an in-process ferryd that takes uploads: the whole way, verified on the server. */
@Timeout(120)
class PutToDaemonTest {
    static final DaemonConfig.Uploads OPEN = new DaemonConfig.Uploads(true, Long.MAX_VALUE, 0, Duration.ofHours(24));

    @TempDir
    Path repository;

    @TempDir
    Path local;

    TestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    CommandRun ferry(String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(daemon.port()), "--fingerprint", daemon.fingerprint()));
        all.addAll(List.of(args));
        CommandRun run = CommandRun.of(all.toArray(String[]::new));
        assertThat(run.err()).as("stderr is never a stack trace").doesNotContain("\tat ", "Exception");
        return run;
    }

    Path file(String name, byte[] content) throws Exception {
        Path path = local.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    @Test
    void aFileAndAFolderArriveVerifiedAndAnotherClientGetsThemBack() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.uploads(OPEN));
        byte[] big = dev.ferry.client.fake.FakeServer.pattern(5 << 20);
        Path bigFile = file("big.bin", big);
        file("album/a.txt", "a".getBytes());
        file("album/2024/b.txt", "bb".getBytes());

        CommandRun put = ferry("put", bigFile.toString(), local.resolve("album").toString(), "--to", "in");

        assertThat(put.status()).isZero();
        assertThat(put.out().lines()).containsExactly(
                "verified  in/big.bin  5.0 MiB  sha256 " + DigestUtils.sha256Hex(big),
                "verified  " + local.resolve("album") + "/  2 files  3 B");
        assertThat(Files.readAllBytes(repository.resolve("in/big.bin"))).isEqualTo(big);
        assertThat(repository.resolve("in/album/2024/b.txt")).hasContent("bb");
        try (Stream<Path> files = Files.walk(repository)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".ferry-part-"));
        }

        Path downloads = local.resolve("downloads");
        CommandRun get = ferry("get", "in", "-o", downloads.toString());
        assertThat(get.status()).isZero();
        assertThat(get.out()).isEqualTo("verified  in  3 files  5.0 MiB\n");
        assertThat(Files.readAllBytes(downloads.resolve("in/big.bin"))).isEqualTo(big);
    }

    @Test
    void aServerThatTakesNoUploadsIsOneLineAndExitStatusFive() throws Exception {
        daemon = TestDaemon.start(repository);
        CommandRun run = ferry("put", file("notes.txt", "x".getBytes()).toString());
        assertThat(run.status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ferry: put notes.txt: ");
        assertThat(repository.resolve("notes.txt")).doesNotExist();
    }

    @Test
    void anExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.uploads(OPEN));
        Files.writeString(repository.resolve("notes.txt"), "old");
        Path notes = file("notes.txt", "new".getBytes());

        CommandRun refused = ferry("put", notes.toString());
        assertThat(refused.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err().lines()).singleElement().asString().startsWith("ferry: put notes.txt: ")
                .containsOnlyOnce("overwrite");
        assertThat(repository.resolve("notes.txt")).hasContent("old");

        CommandRun replaced = ferry("put", "--overwrite", notes.toString());
        assertThat(replaced.status()).isZero();
        assertThat(replaced.out()).endsWith("  (replaced)\n");
        assertThat(repository.resolve("notes.txt")).hasContent("new");
    }

    @Test
    void anUploadWhoseClientWasKilledResumesSendingOnlyTheMissingBytes() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.uploads(OPEN));
        byte[] content = dev.ferry.client.fake.FakeServer.pattern(48 << 20);
        Path big = file("big.bin", content);
        CountDownLatch partWay = new CountDownLatch(1);
        FerryClient first = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())).withRateLimit(8L << 20), ClientListener.NONE);
        Upload cut = first.upload(big, "big.bin", false, new UploadListener() {
            @Override
            public void progress(Upload upload, long sent, long size) {
                if (sent >= 12 << 20) {
                    partWay.countDown();
                }
            }
        });
        assertThat(partWay.await(30, TimeUnit.SECONDS)).as("12 MiB sent").isTrue();
        first.close(); // as a killed client's connection ends: no CANCEL, no goodbye
        assertThat(cut.result()).failsWithin(10, TimeUnit.SECONDS);
        assertThat(repository.resolve("big.bin")).doesNotExist();
        // the daemon frees the name once it has seen the connection end; until then the name is busy
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).as("the first connection ended").isTrue();

        try (FerryClient second = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port())
                .withTrust(ServerTrust.exactly(daemon.fingerprint())), ClientListener.NONE)) {
            var result = second.upload(big, "big.bin", false, UploadListener.NONE).result().get(60, TimeUnit.SECONDS);
            assertThat(result.resumedFrom()).isGreaterThan(0);
            assertThat(second.dataBytesSent()).as("bytes sent the second time").isEqualTo(content.length - result.resumedFrom());
        }
        assertThat(Files.readAllBytes(repository.resolve("big.bin"))).isEqualTo(content);
    }
}
