package dev.mamori.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import java.io.IOException;
import java.time.Duration;

/** Reads {@link Duration} fields in the short syntax ({@code 30s}, {@code 10m}); a bare whole number is seconds. */
final class DurationValue extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return Duration.ofSeconds(p.getLongValue());
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
        String text = p.getText();
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
        }
    }
}
