package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.PutDone;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone with write access inside the repository plants, in a loop, a file (a hard link to a file
 * outside), a link to a file outside, or a folder at the very name uploads are committing to. Each
 * planted thing is checked when the planter takes it away: without overwrite, none was ever
 * replaced; nothing is ever written through (the files outside keep their bytes, the folder stays
 * empty); every upload that was put in place holds its own bytes whole.
 */
@Timeout(120)
class PlantedTargetRaceTest {
    private static final int UPLOADS = 450;
    private static final String OUTSIDE_TEXT = "bytes outside the repository, which no upload may touch\n";
    private static final Set<ErrorCode> CLEAR = Set.of(ErrorCode.EXISTS, ErrorCode.NOT_A_FILE, ErrorCode.WRITE_FAILED);

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    @Test
    void thingsPlantedAtTheTargetAreNeverReplacedWithoutOverwriteNorWrittenThrough() throws Exception {
        Path outsideFile = Files.writeString(ferryd.canary().resolve("linked.txt"), OUTSIDE_TEXT);
        Path outsideTarget = Files.writeString(ferryd.canary().resolve("pointed-at.txt"), OUTSIDE_TEXT);
        Path target = ferryd.repository().resolve("target.txt");
        RawClient client = ferryd.client();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> planted = new ConcurrentHashMap<>();
        AtomicLong replaced = new AtomicLong();
        AtomicLong replacedWithOverwrite = new AtomicLong();
        int id = 1;
        for (boolean overwrite : new boolean[] {false, true}) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong gone = overwrite ? replacedWithOverwrite : replaced;
            Thread planter = new Thread(() -> plant(target, outsideFile, outsideTarget, stop, planted, gone), "planter");
            planter.start();
            try {
                for (int i = 0; i < (overwrite ? UPLOADS / 3 : UPLOADS * 2 / 3); i++, id++) {
                    byte[] content = RawUpload.content(4096, id);
                    Message answer = RawUpload.upload(client, id, "target.txt", content, overwrite, false);
                    if (answer instanceof PutDone) {
                        outcomes.merge(overwrite ? "overwrite, committed" : "committed", 1, Integer::sum);
                        if (!overwrite) { // nothing planted can replace it: the planter makes nothing where something is
                            assertThat(Files.readAllBytes(target)).as("upload %d, put in place", id).isEqualTo(content);
                        }
                        Files.deleteIfExists(target); // the planter only takes away what it planted itself
                    } else {
                        int upload = id;
                        assertThat(answer).as("upload %d", id).isInstanceOfSatisfying(ErrorReply.class,
                                error -> assertThat(error.code()).as("upload %d", upload).isIn(CLEAR));
                        outcomes.merge((overwrite ? "overwrite, " : "") + ((ErrorReply) answer).code().name(), 1, Integer::sum);
                    }
                }
            } finally {
                stop.set(true);
                planter.join(10_000);
            }
            Files.deleteIfExists(target);
        }
        Figures.record("planted at the target", UPLOADS + " uploads to one name (the last third with overwrite) while a"
                + " file, a link out and a folder were planted there in a loop " + planted + ": " + outcomes
                + "; planted things replaced without overwrite: " + replaced.get() + ", with overwrite: "
                + replacedWithOverwrite.get() + "; outside files changed: 0");
        assertThat(replaced.get()).as("planted things replaced by an upload without overwrite").isZero();
        assertThat(Files.readString(outsideFile)).isEqualTo(OUTSIDE_TEXT);
        assertThat(Files.readString(outsideTarget)).isEqualTo(OUTSIDE_TEXT);
        assertThat(FerrydExtension.contents(ferryd.canary())).containsExactly("linked.txt", "pointed-at.txt");
        // an upload that found something planted at its commit keeps its verified partial for a retry: one name, one partial
        assertThat(ferryd.partials()).as("partials left behind").hasSizeLessThanOrEqualTo(1);
        assertThat(planted.values().stream().mapToInt(Integer::intValue).sum()).as("things planted").isGreaterThan(50);
    }

    /**
     * Plants one thing after another at {@code target} and takes each away again, checking first that
     * it is still the thing planted: while the uploads run without overwrite, anything else there means
     * an upload replaced it. Bounded by {@code stop} and a count.
     */
    private static void plant(Path target, Path outsideFile, Path outsideTarget, AtomicBoolean stop,
            Map<String, Integer> planted, AtomicLong replaced) {
        for (int round = 0; round < 1_000_000 && !stop.get(); round++) {
            String kind = switch (round % 3) {
                case 0 -> "hard link";
                case 1 -> "link";
                default -> "folder";
            };
            try {
                switch (round % 3) {
                    case 0 -> Files.createLink(target, outsideFile);
                    case 1 -> Files.createSymbolicLink(target, outsideTarget);
                    default -> Files.createDirectory(target);
                }
            } catch (FileAlreadyExistsException e) {
                continue; // an upload's file is there: the planter never touches it
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            planted.merge(kind, 1, Integer::sum);
            Thread.onSpinWait();
            try {
                BasicFileAttributes there = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                boolean same = switch (round % 3) {
                    case 0 -> there.isRegularFile() && there.fileKey().equals(
                            Files.readAttributes(outsideFile, BasicFileAttributes.class).fileKey());
                    case 1 -> there.isSymbolicLink();
                    default -> there.isDirectory() && FerrydExtension.contents(target).isEmpty();
                };
                if (!same) {
                    replaced.incrementAndGet();
                    continue; // what is there now is an upload's: leave it to the test
                }
                Files.delete(target);
            } catch (NoSuchFileException e) {
                replaced.incrementAndGet(); // taken away by someone else
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
