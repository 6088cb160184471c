package dev.mamori.core.config;

/**
 * A config record refused one of its fields. {@link #field()} is relative to the record that threw
 * ({@code bind}, {@code hosts[2]}); the loader prefixes the record's own path so the user reads
 * {@code pop3.listeners[0].bind}. {@link #problem()} says what is wrong and, in a trailing parenthesis, what is allowed.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    public InvalidFieldException(String field, IllegalArgumentException cause) {
        super(field + ": " + cause.getMessage(), cause);
        this.field = field;
        this.problem = cause.getMessage();
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
