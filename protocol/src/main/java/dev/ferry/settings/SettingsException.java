package dev.ferry.settings;

/** A mistake in a settings file; its message is one line naming the file, the line and the key. */
public final class SettingsException extends Exception {
    private final String key;

    public SettingsException(String file, int line, String key, String problem) {
        super(file + " line " + line + ": '" + key + "' " + problem);
        this.key = key;
    }

    /** A file that cannot be read at all. */
    public SettingsException(String message) {
        super(message);
        this.key = null;
    }

    /** The key the mistake is about, or null for a file that could not be read. */
    public String key() {
        return key;
    }
}
