package dev.mamori.core.store;

/**
 * The database was written by a newer Mamori. Opening it with older code could misread or damage what the newer
 * version wrote, so it is refused rather than migrated down.
 */
public final class NewerSchemaException extends StoreException {
    private final int found;
    private final int supported;

    NewerSchemaException(String database, int found, int supported) {
        super("event store " + database + " has schema version " + found + " but this Mamori understands versions up to "
                + supported + "; it was written by a newer Mamori. Run that version, or move the file aside to start"
                + " an empty store");
        this.found = found;
        this.supported = supported;
    }

    public int foundVersion() {
        return found;
    }

    public int supportedVersion() {
        return supported;
    }
}
