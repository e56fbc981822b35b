package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Partials of uploads nobody resumed go after their time to live, and nothing else does. */
@Timeout(60)
class PartialSweeperTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path sandbox;

    @Test
    void stalePartialsGoAndFreshOnesHeldOnesOtherFilesAndAnythingOutsideStay() throws Exception {
        Path root = Files.createDirectories(sandbox.resolve("files"));
        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Path stale = write(root.resolve("a/b/.ferry-part-00000000000000000000000000000001"), Duration.ofHours(25));
        Path fresh = write(root.resolve("a/.ferry-part-00000000000000000000000000000002"), Duration.ofHours(23));
        Path held = write(root.resolve(".ferry-part-00000000000000000000000000000003"), Duration.ofDays(3));
        Path oldFile = write(root.resolve("a/old-report.txt"), Duration.ofDays(400));
        Path hiddenFolder = write(root.resolve(".cache/.ferry-part-00000000000000000000000000000004"), Duration.ofDays(3));
        Path beyondLink = write(outside.resolve(".ferry-part-00000000000000000000000000000005"), Duration.ofDays(3));
        Files.createSymbolicLink(root.resolve("a/link"), outside);
        Object heldKey = Files.readAttributes(held, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        PartialSweeper sweeper = new PartialSweeper(root, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC),
                Set.of(heldKey)::contains);

        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(held).as("held by a running upload").exists();
        assertThat(oldFile).exists();
        assertThat(hiddenFolder).as("not a folder uploads go into").exists();
        assertThat(beyondLink).as("outside the repository, through a link").exists();
    }

    @Test
    void theDaemonLeavesThePartialOfAnUploadRunningNowAlone() throws Exception {
        Path root = sandbox.resolve("files");
        try (TestDaemon daemon = TestDaemon.start(root, b -> b.uploads(new dev.ferry.daemon.settings.DaemonConfig.Uploads(true,
                Long.MAX_VALUE, 0, Duration.ofSeconds(1))));
                RawClient client = RawClient.admitted(daemon.address())) {
            byte[] content = RawUpload.content(10_000, 1);
            PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("slow.bin", content.length, false));
            assertThat(RawUpload.accepted(client, 1, ready).send(content, 0, 5000, 5000)).isTrue();
            client.send(2, new dev.ferry.protocol.Message.Ping(1));
            RawUpload.reply(client, 2);
            Path partial;
            try (var files = Files.list(root)) {
                partial = files.filter(p -> p.getFileName().toString().startsWith(".ferry-part-")).findFirst().orElseThrow();
            }
            Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

            daemon.daemon().sweepPartials();

            assertThat(partial).exists();
        }
    }

    private static Path write(Path file, Duration age) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "partial");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }
}
