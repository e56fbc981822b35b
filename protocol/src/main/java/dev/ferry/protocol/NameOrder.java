package dev.ferry.protocol;

import java.text.Collator;
import java.util.Comparator;
import java.util.Locale;

/**
 * The order file names are listed in, the same on every machine: folder by folder (a name's
 * {@code /}-separated parts are compared in turn, so a folder's files stay together), each part
 * compared as people read it, whatever the locale: case is ignored and an accented letter sorts
 * beside its plain one ({@code alpha.txt}, {@code Émile.txt}, {@code zeta.txt}; {@link Collator}
 * for {@link Locale#ROOT} at {@link Collator#SECONDARY} strength). Names that still compare equal
 * ({@code Notes} and {@code notes}) are ordered by their UTF-16 code units, so the order is total.
 */
public final class NameOrder {
    /**
     * Built once and kept: building a collator's tables allocates a few hundred kilobytes, and the
     * JDK keeps its own copy only softly, so under memory pressure (a thousand clients listing at
     * once) each caller would build them again. Clones share the tables.
     */
    private static final Collator PROTOTYPE = rootCollator();

    private NameOrder() {}

    private static Collator rootCollator() {
        Collator collator = Collator.getInstance(Locale.ROOT);
        collator.setStrength(Collator.SECONDARY);
        return collator;
    }

    /**
     * A comparator for names; each call has its own collator (a cheap clone), as one collator
     * compares under a lock and would make concurrent sorts wait for each other.
     */
    public static Comparator<String> comparator() {
        Collator collator = (Collator) PROTOTYPE.clone();
        return (a, b) -> {
            int byParts = compareParts(collator, a, b);
            return byParts != 0 ? byParts : a.compareTo(b);
        };
    }

    private static int compareParts(Collator collator, String a, String b) {
        String[] left = a.split("/", -1);
        String[] right = b.split("/", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            // a file sorts before a folder of the same name: the shorter path ends first
            boolean leftLast = i == left.length - 1;
            boolean rightLast = i == right.length - 1;
            int c = collator.compare(left[i], right[i]);
            if (c != 0) {
                return c;
            }
            if (leftLast != rightLast) {
                return leftLast ? -1 : 1;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
