package dev.mamori.core.scan.content;

/**
 * Ends a walk at a broken limit. Checked and deliberately not an {@link java.io.IOException}, so that no archive
 * library on the way up can mistake it for damage and swallow it.
 */
final class LimitExceededException extends Exception {
    private final Limit limit;
    private final ContentPath where;
    private final String which;

    LimitExceededException(Limit limit, ContentPath where, String value) {
        super(null, null, false, false);
        this.limit = limit;
        this.where = where;
        this.which = value.isEmpty() ? limit.description() : limit.description() + " " + value;
    }

    Limit limit() {
        return limit;
    }

    ContentPath where() {
        return where;
    }

    /** The limit and its value, e.g. {@code max compression ratio 200:1 (member)}. */
    String which() {
        return which;
    }

    @Override
    public String getMessage() {
        return which + ", " + where.render();
    }
}
