package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Optional;

/**
 * Names that look the same but are not the same bytes: {@code café} written with one code point
 * for the é (NFC) or with an e and a combining accent (NFD), or {@code K} and the Kelvin sign. A
 * GET names a file byte for byte, but an upload must never leave two files in one folder that a
 * person cannot tell apart: a name whose canonical (NFC) form is that of a name already in the
 * folder, in other bytes, is refused. Letters in another case are other names, as on the file
 * system, and they look different.
 */
final class LookAlikes {
    private LookAlikes() {}

    /** The key two names share if they look the same: their NFC form. */
    static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /**
     * An entry of {@code folder} other than {@code name} itself that looks the same, or empty.
     * Hidden entries are skipped: no shared name looks like them. Only names that are not in NFC
     * themselves are normalised, so a folder of plain names costs one reading of it.
     */
    static Optional<String> in(Path folder, String name) throws IOException {
        String wanted = key(name);
        boolean plain = wanted.equals(name);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String there = entry.getFileName().toString();
                if (there.startsWith(".") || there.equals(name)) {
                    continue;
                }
                if (plain && Normalizer.isNormalized(there, Normalizer.Form.NFC)) {
                    continue; // both in NFC and not equal: they differ in what they show
                }
                if (key(there).equals(wanted)) {
                    return Optional.of(there);
                }
            }
        }
        return Optional.empty();
    }
}
