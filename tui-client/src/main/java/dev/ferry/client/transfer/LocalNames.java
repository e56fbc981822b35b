package dev.ferry.client.transfer;

import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a server file lands on this machine: under the download folder, at the same relative
 * path. A name that would land anywhere else is refused here, whatever the server would say: an
 * absolute one, one with {@code ..} parts, and one whose way down passes a symbolic link.
 * Downloads use it, and so does whoever needs to know beforehand where one will land (the UI,
 * to ask before replacing a file). A name longer than a request may carry is refused here too,
 * as one line for that name, before anything is sent.
 */
public final class LocalNames {
    private LocalNames() {}

    /** Where {@code name} lands under {@code folder}; a {@link FerryException.Kind#LOCAL} failure if outside. */
    public static Path target(Path folder, String name) throws FerryException {
        if (name.getBytes(StandardCharsets.UTF_8).length > Wire.MAX_NAME_BYTES) {
            throw new FerryException(Kind.LOCAL, "refused name '" + name + "': names are at most " + Wire.MAX_NAME_BYTES
                    + " bytes long");
        }
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new FerryException(Kind.LOCAL, "refused name '" + name + "': names are relative, with / between folders");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path target;
        try {
            target = base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new FerryException(Kind.LOCAL, "refused name '" + name + "': " + e.getReason());
        }
        if (!target.startsWith(base) || target.equals(base)) {
            throw new FerryException(Kind.LOCAL, "refused name '" + name + "': it would land outside " + folder);
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                // inside the folder, but not a name a server lists: not one to write under another name
                throw new FerryException(Kind.LOCAL, "refused name '" + name + "': names have no empty, '.' or '..' parts");
            }
        }
        return target;
    }

    /**
     * Fails if a folder on the way from {@code folder} down to {@code target} is a symbolic link:
     * a download never follows one out of its folder, whoever made it. Folders not there yet are
     * fine; the download makes them.
     */
    public static void checkNoLinks(Path folder, Path target, String name) throws FerryException {
        Path base = folder.toAbsolutePath().normalize();
        Path step = base;
        for (Path part : base.relativize(target.getParent())) {
            step = step.resolve(part);
            if (java.nio.file.Files.isSymbolicLink(step)) {
                throw new FerryException(Kind.LOCAL, "refused name '" + name + "': " + step + " is a link, and a download"
                        + " never follows one out of " + folder);
            }
        }
        if (java.nio.file.Files.isSymbolicLink(target)) {
            throw new FerryException(Kind.LOCAL, "refused name '" + name + "': " + target + " is a link");
        }
    }
}
