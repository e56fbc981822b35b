package dev.ferry.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A settings file of ferry or ferryd, parsed: one {@code name = value} per line, the names being
 * the long flags' without their dashes (as picocli's PropertiesDefaultProvider reads them), blank
 * lines and lines starting with {@code #} ignored. A value may be quoted ({@code "my files"}) to
 * keep spaces at its ends. Reading the file is the caller's part; this class only reads lines, so
 * that every mistake can name the file, the line and the key.
 */
public final class SettingsFile {
    private static final Pattern LINE = Pattern.compile("\\s*(?:--)?([A-Za-z0-9][A-Za-z0-9-]*)\\s*=\\s*(.*?)\\s*");

    /** One setting: its key, its value and the line it is on (from 1). */
    public record Entry(String key, String value, int line) {}

    private final String source;
    private final Map<String, Entry> entries;

    private SettingsFile(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** No file: every setting at its default. */
    public static SettingsFile none() {
        return new SettingsFile("", Map.of());
    }

    /**
     * Parses LINES of the file named SOURCE.
     *
     * @throws SettingsException for a line that is not {@code name = value}, or a name given twice
     */
    public static SettingsFile parse(String source, List<String> lines) throws SettingsException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                String key = trimmed.split("[\\s=]", 2)[0];
                throw new SettingsException(source, number, key,
                        trimmed.contains("=") ? "is not a setting name" : "has no '=': write 'name = value'");
            }
            String key = m.group(1);
            Entry earlier = entries.get(key);
            if (earlier != null) {
                throw new SettingsException(source, number, key, "is set twice (first on line " + earlier.line() + ")");
            }
            entries.put(key, new Entry(key, unquote(m.group(2)), number));
        }
        return new SettingsFile(source, entries);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /**
     * Checks that every key is one of KNOWN.
     *
     * @throws SettingsException naming the first unknown key, its line, and the keys there are
     */
    public SettingsFile requireKnown(Set<String> known) throws SettingsException {
        for (Entry entry : entries.values()) {
            if (!known.contains(entry.key())) {
                throw new SettingsException(source, entry.line(), entry.key(),
                        "is not a setting (settings: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** The file as named, or empty when there is none. */
    public String source() {
        return source;
    }

    /** Where an entry came from, as {@code FILE line N}. */
    public String where(Entry entry) {
        return source + " line " + entry.line();
    }
}
