package dev.ferry.client.transfer;

import dev.ferry.client.FerryException.Kind;
import dev.ferry.client.FerryException;
import dev.ferry.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a server file lands on this machine: under the download folder, at the same relative
 * path. A name that would land anywhere else is refused here, whatever the server would say.
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
        return target;
    }
}
