package dev.ferry.daemon.access;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The access keys of one daemon: the file {@code keys} in its state folder, mode 0600, one key a
 * line. {@code ferryd invite} and {@code ferryd revoke} change it while the daemon runs, and the
 * daemon writes when a key was last used, so every change is a read, change and write under an
 * exclusive lock on {@code keys.lock}, and the new file replaces the old in one rename: a reader
 * never sees half a file.
 *
 * <pre>
 * # id label created last-used permissions expires revoked sha256
 * 3f9a1c2b alice 2026-12-07T14:00:00Z - read 2027-01-06T14:00:00Z - 9f86d0…
 * </pre>
 */
public final class KeysFile {
    public static final String NAME = "keys";
    private static final String HEADER = "# Ferry access keys: only hashes of the secrets. Change with ferryd invite/revoke.\n"
            + "# id label created last-used permissions expires revoked sha256\n";
    private static final String NONE = "-";

    private final Path file;
    private final Path lockFile;

    public KeysFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
        this.lockFile = stateDir.resolve(NAME + ".lock");
    }

    public Path path() {
        return file;
    }

    /** Every key, revoked and expired ones too; none if the file does not exist yet. */
    public List<AccessKey> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<AccessKey> keys = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(parse(line));
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + number + " is not a key: " + e.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Changes the keys under the lock, creating the state folder (0700) and the file (0600) if need
     * be, and returns the keys as written.
     */
    public List<AccessKey> update(UnaryOperator<List<AccessKey>> change) throws IOException {
        StateDir.create(file.getParent());
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockChannel.lock()) {
            Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
            List<AccessKey> changed = List.copyOf(change.apply(new ArrayList<>(read())));
            write(changed);
            return changed;
        }
    }

    /** What the file looks like now, to tell whether it changed since the last look; null if it does not exist. */
    public Object stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(Objects.toString(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    private void write(List<AccessKey> keys) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (AccessKey key : keys) {
            text.append(format(key)).append('\n');
        }
        Path temporary = file.resolveSibling(NAME + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another ferryd is writing " + temporary);
        }
        Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String format(AccessKey key) {
        return String.join(" ", key.id(), key.label(), key.created().toString(), time(key.lastUsed()),
                key.write() ? "read,write" : "read", time(key.expires()), time(key.revoked()), key.sha256());
    }

    static AccessKey parse(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length != 8) {
            throw new IllegalArgumentException("8 fields expected, found " + f.length);
        }
        boolean write = switch (f[4]) {
            case "read" -> false;
            case "read,write" -> true;
            default -> throw new IllegalArgumentException("permissions must be read or read,write");
        };
        return new AccessKey(f[0], f[1], f[7], Instant.parse(f[2]), instant(f[3]), write, instant(f[5]), instant(f[6]));
    }

    private static String time(Instant instant) {
        return instant == null ? NONE : instant.toString();
    }

    private static Instant instant(String text) {
        return text.equals(NONE) ? null : Instant.parse(text);
    }
}
