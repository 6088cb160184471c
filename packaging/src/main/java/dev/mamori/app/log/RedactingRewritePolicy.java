package dev.mamori.app.log;

import dev.mamori.core.log.Redaction;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Log4j2 rewrite policy {@code <Redact/>}: every event passes through {@link Redaction#text(String)} before any
 * appender sees it, message and exception messages alike. The last line of defence; protocol code still logs client
 * lines through {@link Redaction#command(String)}.
 */
@Plugin(name = "Redact", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class RedactingRewritePolicy implements RewritePolicy {
    @PluginFactory
    public static RedactingRewritePolicy createPolicy() {
        return new RedactingRewritePolicy();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String formatted = event.getMessage().getFormattedMessage();
        String redacted = Redaction.text(formatted);
        Throwable thrown = event.getThrown();
        Throwable redactedThrown = RedactedThrowable.of(thrown);
        if (redacted.equals(formatted) && redactedThrown == thrown) {
            return event;
        }
        return new Log4jLogEvent.Builder(event)
                .setMessage(new SimpleMessage(redacted))
                .setThrown(redactedThrown)
                .setThrownProxy(null)
                .build();
    }

    @Override
    public String toString() {
        return "Redact";
    }
}
