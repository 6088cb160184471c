package dev.mamori.core.scan.content;

/** Which bound a walk broke; {@link #description()} is the text a user or an operator reads. */
public enum Limit {
    ITEM_SIZE("max decoded size per item"),
    TOTAL_SIZE("max decoded size per message"),
    DEPTH("max nesting depth"),
    ARCHIVE_MEMBERS("max members per archive"),
    ITEMS("max items per message"),
    COMPRESSION_RATIO("max compression ratio"),
    SCAN_TIME("max scan time"),
    DECODER_MEMORY("max decoder memory"),
    /** Not configurable: zip entries sharing bytes exist only to multiply output (the overlapping-entry bomb). */
    OVERLAPPING_ZIP_ENTRIES("overlapping zip entries");

    private final String description;

    Limit(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
