package dev.ferry.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A number of bytes, written as {@link Rate}s are: a number, optionally with a fraction, and
 * optionally a suffix K, M, G or T (either case) for 1024, 1024², 1024³ or 1024⁴ bytes.
 * {@code 10G} is 10,737,418,240 bytes; {@code 0} is none.
 */
public final class ByteSize {
    private static final Pattern FORM = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,9})?[kmgt]?");

    /** The largest size accepted: 8 EiB less one byte, what a file offset can hold. */
    public static final long MAX = Long.MAX_VALUE;

    private ByteSize() {}

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!FORM.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 500K, 10M, 1.5G or 2T");
        }
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String number = unit == 1 ? t : t.substring(0, t.length() - 1);
        double value = Double.parseDouble(number) * unit;
        return value >= MAX ? MAX : (long) value;
    }
}
