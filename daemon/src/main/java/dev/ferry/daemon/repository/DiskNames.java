package dev.ferry.daemon.repository;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How file names on disk become the names clients see, and back. The JVM turns a name's bytes into
 * a string with the charset of the locale it started under ({@code sun.jnu.encoding}); under a
 * UTF-8 locale that is UTF-8, as on the wire. Under the C or POSIX locale it is ASCII, and a name
 * with any other letter cannot be opened at all. A name whose bytes are not valid in that charset
 * (a Latin-1 name under UTF-8) reads as a string that names a different file. Neither can be
 * served, so a listing leaves such names out and says so in the log.
 */
public final class DiskNames {
    private static final Charset CHARSET = charset(System.getProperty("sun.jnu.encoding"));

    private DiskNames() {}

    /** The charset file names are read and written in; UTF-8 when the JVM cannot tell. */
    public static Charset charset() {
        return CHARSET;
    }

    /** True if file names are UTF-8 here, as they are on the wire. */
    public static boolean utf8() {
        return CHARSET.equals(StandardCharsets.UTF_8);
    }

    /**
     * One line for an operator when names outside ASCII cannot be served here, or empty when file
     * names are UTF-8.
     */
    public static Optional<String> localeWarning() {
        if (utf8()) {
            return Optional.empty();
        }
        return Optional.of("file names are read as " + CHARSET.name() + ", not UTF-8, so files whose names are not"
                + " plain ASCII cannot be served; run ferryd under a UTF-8 locale (for example LANG=C.UTF-8)");
    }

    /**
     * True if {@code name}, written under {@code root}, leads back to {@code path}, byte for byte:
     * then a client that asks for {@code name} gets this file.
     */
    static boolean roundTrips(Path root, Path path, String name) {
        try {
            return root.resolve(name).equals(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Why a name that does not round-trip cannot be served, for the log. */
    static String whyNot() {
        if (utf8()) {
            return "its name is not valid UTF-8; rename it to serve it";
        }
        return "its name is not plain ASCII and file names are read as " + CHARSET.name()
                + "; run ferryd under a UTF-8 locale (for example LANG=C.UTF-8) to serve it";
    }

    /**
     * The name of {@code path} below {@code root} as its bytes are on disk: printable ASCII as is,
     * every other byte as {@code \xHH}. Shows exactly which file is meant when the string the JVM
     * made of it cannot.
     */
    static String bytesOf(Path root, Path path) {
        String full = path.toUri().getRawPath();
        String prefix = root.toUri().getRawPath();
        String raw = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%' || i + 2 >= raw.length()) {
                out.append(c);
                continue;
            }
            int b = Integer.parseInt(raw, i + 1, i + 3, 16);
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : "\\x%02X".formatted(b));
            i += 2;
        }
        return out.toString();
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
