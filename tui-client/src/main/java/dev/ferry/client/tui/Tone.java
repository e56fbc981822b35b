package dev.ferry.client.tui;

/**
 * What a piece of text is, for the {@link Palette} to colour (or, without colours, to leave plain).
 * Meaning never rests on colour alone: every tone also has a marker or wording of its own.
 */
enum Tone {
    /** Ordinary text. */
    NORMAL,
    /**
     * Times, hints, the empty part of a bar: in the terminal's own colour, since the one grey
     * every palette has (bright black) is the background on some; they read as secondary by
     * place and wording.
     */
    DIM,
    /** Column headers and pane titles. */
    HEADER,
    /** Your own row, your own messages. */
    SELF,
    /** A folder's name in the Local pane, as {@code ls} colours folders. */
    FOLDER,
    /** Verified downloads, the filled part of a bar, "connected". */
    GOOD,
    /** Errors and failures. */
    BAD,
    /** Things that need attention but are not errors: cancelled, waiting, offline. */
    WARN,
    /** Joins, leaves and server notices. */
    INFO,
    /** What other clients said. */
    CHAT,
    /** Key names in the footer and the help. */
    KEY
}
