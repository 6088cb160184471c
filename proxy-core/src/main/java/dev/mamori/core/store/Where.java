package dev.mamori.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from optional filters; values are always bound, never spliced into the SQL. */
final class Where {
    private final List<String> clauses = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    Where from(String column, Instant from) {
        if (from != null) {
            clauses.add(column + " >= ?");
            values.add(from.toEpochMilli());
        }
        return this;
    }

    Where to(String column, Instant to) {
        if (to != null) {
            clauses.add(column + " < ?");
            values.add(to.toEpochMilli());
        }
        return this;
    }

    Where equal(String column, String value) {
        if (value != null) {
            clauses.add(column + " = ?");
            values.add(value);
        }
        return this;
    }

    /** Case-insensitive for ASCII; {@code instr} rather than LIKE so {@code %} and {@code _} in input are literal. */
    Where contains(String column, String value) {
        if (value != null) {
            clauses.add("instr(lower(" + column + "), lower(?)) > 0");
            values.add(value);
        }
        return this;
    }

    String sql() {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    /** Binds the filter values from parameter 1 and returns the next free parameter index. */
    int bind(PreparedStatement st) throws SQLException {
        int index = 1;
        for (Object value : values) {
            st.setObject(index++, value);
        }
        return index;
    }
}
