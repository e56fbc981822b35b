package dev.ferry.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as people write and read them, one way for the daemon and the client alike: read as
 * {@code 90s}, {@code 45m}, {@code 12h}, {@code 30d}, {@code 2w} or ISO-8601 ({@code PT12H});
 * said as {@code 300 ms}, {@code 45 s}, {@code 3 min 5 s}, {@code 2 h 7 min}, {@code 3 d 4 h}:
 * the two largest units, whole.
 */
public final class Durations {
    private Durations() {}

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
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

    /**
     * Says a duration: milliseconds under a second (but {@code 0 s} for none), then the two largest
     * of seconds, minutes, hours and days, rounded down. A negative duration reads as none.
     */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0 s";
        }
        long s = duration.toSeconds();
        if (s == 0) {
            return duration.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86_400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 45m, 12h, 30d or 2w");
    }
}
