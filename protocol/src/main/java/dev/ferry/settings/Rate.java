package dev.ferry.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A rate in bytes per second, written as curl's {@code --limit-rate} and rsync's {@code --bwlimit}
 * take it: a number, optionally with a fraction, and optionally a suffix K, M or G (either case)
 * for 1024, 1024² or 1024³ bytes. {@code 500K} is 512,000 bytes a second, {@code 1.5M} is
 * 1,572,864. The one parser of rates for the daemon's and the client's options alike.
 */
public final class Rate {
    private static final Pattern FORM = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,9})?[kmg]?");

    /** The largest rate accepted: far above any link, and small enough that arithmetic on it never overflows. */
    public static final long MAX = 1L << 50;

    private Rate() {}

    /**
     * Parses a rate.
     *
     * @throws IllegalArgumentException with a one-line message for anything else, or a rate under
     *     1 byte a second or over {@link #MAX}
     */
    public static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!FORM.matcher(t).matches()) {
            throw invalid(text);
        }
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String number = unit == 1 ? t : t.substring(0, t.length() - 1);
        double value = Double.parseDouble(number) * unit;
        if (value < 1 || value > MAX) {
            throw invalid(text);
        }
        return (long) value;
    }

    /** A rate as people read it: {@code 500 KiB/s}, {@code 1.5 MiB/s}, {@code 800 B/s}. */
    public static String format(long bytesPerSecond) {
        String[] units = {"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"};
        double value = bytesPerSecond;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value >= 100 || value == Math.rint(value)) {
            return Math.round(value) + " " + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a rate such as 500K, 10M or 1048576 (bytes per second)");
    }
}
