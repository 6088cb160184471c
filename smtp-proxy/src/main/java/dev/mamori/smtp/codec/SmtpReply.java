package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply: a three-digit code and its text lines (without the code and separator). A multi-line reply
 * ({@code 250-a}, {@code 250 b}) has several lines; the wire form puts {@code -} after the code on all but the last.
 */
public record SmtpReply(int code, List<String> lines) {
    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        lines = lines.isEmpty() ? List.of("") : List.copyOf(lines);
        for (String l : lines) {
            if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a reply line must not contain CR or LF");
            }
        }
    }

    /** A single-line reply, e.g. {@code of(250, "2.0.0 OK")}. */
    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    public boolean positive() {
        return code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** The text of the last line, which carries the outcome in multi-line replies. */
    public String text() {
        return lines.getLast();
    }

    /** All lines joined by a space: for logs and for parsing a queue id. */
    public String joined() {
        return String.join(" ", lines);
    }

    public String wire() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        return b.toString();
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        byte[] bytes = wire().getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    @Override
    public String toString() {
        return code + " " + joined();
    }
}
