package dev.ferry.daemon.repository;

import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Text;
import dev.ferry.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a file name may look like: a relative path of plain segments joined by {@code /}. The check
 * is purely lexical, so it can run before the file system is touched; {@link Repository} then makes
 * sure the path also stays inside the repository once links are followed.
 */
public final class NameRules {
    /** Directories a name may descend through. */
    public static final int MAX_DEPTH = 32;
    /** The longest part of a name, in UTF-8 bytes: what Linux file systems take (NAME_MAX). */
    public static final int MAX_SEGMENT_BYTES = 255;

    private NameRules() {}

    /**
     * Splits a name into its segments, or says in one line why it is refused.
     *
     * @throws RequestFailure with {@link ErrorCode#BAD_NAME}
     */
    public static List<String> segments(String name) throws RequestFailure {
        if (name.isEmpty()) {
            throw refuse("an empty name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > Wire.MAX_NAME_BYTES) {
            throw refuse("a name longer than " + Wire.MAX_NAME_BYTES + " bytes");
        }
        int bad = Text.firstForbidden(name);
        if (bad >= 0) {
            throw refuse("a name with the control character U+%04X".formatted(bad));
        }
        if (name.indexOf('\\') >= 0) {
            throw refuse("a name with a backslash (separate folders with /)");
        }
        if (name.startsWith("/")) {
            throw refuse("an absolute path (names are relative to the repository)");
        }
        List<String> segments = List.of(name.split("/", -1));
        if (segments.size() > MAX_DEPTH) {
            throw refuse("a name more than " + MAX_DEPTH + " folders deep");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw refuse("a name with an empty segment ('//' or a trailing '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw refuse("a name with a '" + segment + "' segment");
            }
            if (segment.startsWith(".")) {
                throw refuse("a hidden name (hidden files are not shared)");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw refuse("a name with a part longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return segments;
    }

    /** Why the name does not pass {@link #segments}, or empty if it does. */
    public static java.util.Optional<String> whyRefused(String name) {
        try {
            segments(name);
            return java.util.Optional.empty();
        } catch (RequestFailure e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** True if the name passes {@link #segments}. */
    public static boolean acceptable(String name) {
        try {
            segments(name);
            return true;
        } catch (RequestFailure e) {
            return false;
        }
    }

    private static RequestFailure refuse(String what) {
        return new RequestFailure(ErrorCode.BAD_NAME, "refused " + what);
    }
}
