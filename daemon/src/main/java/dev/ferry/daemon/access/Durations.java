package dev.ferry.daemon.access;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads a duration as people write one: {@code 90s}, {@code 45m}, {@code 12h}, {@code 30d}, {@code 2w}, or ISO-8601 ({@code PT12H}). */
public final class Durations {
    private Durations() {}

    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!t.matches("[0-9]{1,6}[smhdw]")) {
            throw invalid(text);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 45m, 12h, 30d or 2w");
    }
}
