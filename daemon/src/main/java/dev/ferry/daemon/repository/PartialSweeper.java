package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the partials of uploads nobody resumed: hidden {@code .ferry-part-} files not written to
 * for longer than their time to live, and not held by an upload running now. The walk opens each
 * folder inside the one above it without following links, as {@link ConfinedOpen} does, so a
 * folder swapped for a link never leads it to delete anything outside the repository.
 */
public final class PartialSweeper {
    private static final Logger log = LoggerFactory.getLogger(PartialSweeper.class);
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Duration ttl;
    private final Clock clock;
    private final Predicate<Object> inUse;

    /**
     * @param inUse tells, by a file's key ({@link BasicFileAttributes#fileKey()}), whether a running upload holds it
     */
    public PartialSweeper(Path root, Duration ttl, Clock clock, Predicate<Object> inUse) {
        this.root = root;
        this.ttl = ttl;
        this.clock = clock;
        this.inUse = inUse;
    }

    /** One pass over the repository; returns how many partials it removed. */
    public int sweep() {
        Instant before = clock.instant().minus(ttl);
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                sweep(secure, "", 0, before, removed);
            }
        } catch (IOException e) {
            log.warn("cannot look for stale upload partials: {}", e.toString());
        }
        for (String name : removed) {
            log.info("removed the partial upload {}: not resumed within {}", name, ttl);
        }
        return removed.size();
    }

    private void sweep(SecureDirectoryStream<Path> folder, String prefix, int depth, Instant before, List<String> removed) {
        List<Path> entries = new ArrayList<>();
        folder.forEach(entry -> entries.add(entry.getFileName()));
        for (Path entry : entries) {
            String name = entry.toString();
            try {
                BasicFileAttributes attributes = folder.getFileAttributeView(entry, BasicFileAttributeView.class, NO_FOLLOW)
                        .readAttributes();
                if (attributes.isDirectory() && !name.startsWith(".") && depth < NameRules.MAX_DEPTH) {
                    try (SecureDirectoryStream<Path> inner = folder.newDirectoryStream(entry, NO_FOLLOW)) {
                        sweep(inner, prefix + name + "/", depth + 1, before, removed);
                    }
                } else if (attributes.isRegularFile() && name.startsWith(UploadFolder.PARTIAL_PREFIX)
                        && attributes.lastModifiedTime().toInstant().isBefore(before) && !inUse.test(attributes.fileKey())) {
                    folder.deleteFile(entry);
                    removed.add(prefix + name);
                }
            } catch (IOException e) {
                log.debug("skipping {}{} while looking for stale partials: {}", prefix, name, e.toString());
            }
        }
    }
}
