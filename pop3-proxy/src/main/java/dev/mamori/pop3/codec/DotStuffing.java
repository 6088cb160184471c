package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;

/**
 * Dot-stuffs content for a POP3 multi-line answer and ends it with the terminating line, adding a final CRLF when
 * the content lacks one. Used when Mamori sends content it produced or changed; unchanged messages are relayed in
 * their original stuffed form.
 */
public final class DotStuffing {
    private boolean lineStart = true;
    private int last = -1;
    private int secondLast = -1;

    /** Appends the stuffed form of {@code content}'s readable bytes to {@code out}. */
    public void stuff(ByteBuf content, ByteBuf out) {
        int end = content.writerIndex();
        for (int i = content.readerIndex(); i < end; i++) {
            byte b = content.getByte(i);
            if (lineStart && b == '.') {
                out.writeByte('.');
            }
            out.writeByte(b);
            lineStart = b == '\n';
            secondLast = last;
            last = b;
        }
        content.readerIndex(end);
    }

    /** Writes the end of the answer: a CRLF if the content did not end with one, then {@code .CRLF}. */
    public void finish(ByteBuf out) {
        if (!(secondLast == '\r' && last == '\n') && last != -1) {
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
    }
}
