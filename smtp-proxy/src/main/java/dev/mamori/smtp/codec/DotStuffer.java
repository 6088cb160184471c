package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Turns message content into the DATA wire form (RFC 5321 4.5.2): a {@code .} is added before every line that
 * starts with {@code .}, and {@link #end} closes with {@code CRLF . CRLF}, adding the CRLF the content may lack.
 * Stateful across chunks: one instance per message.
 */
public final class DotStuffer {
    private boolean lineStart = true;
    private byte last = '\n';
    private boolean any;

    /**
     * The stuffed form of {@code content} (not consumed or released). Only the byte after each LF can need a dot, so
     * the scan goes from line end to line end with {@link ByteBuf#indexOf} and copies the runs between in bulk. A
     * composite buffer (a chunk of an in-memory spool) is taken component by component: its own {@code indexOf} would
     * look up the component for every eight bytes.
     */
    public ByteBuf stuff(ByteBuf content, ByteBufAllocator alloc) {
        int n = content.readableBytes();
        ByteBuf out = alloc.buffer(n + n / 64 + 8);
        if (content instanceof CompositeByteBuf composite && n > 0) {
            for (ByteBuf part : composite.decompose(composite.readerIndex(), n)) {
                stuffPart(part, out);
            }
        } else {
            stuffPart(content, out);
        }
        if (n > 0) {
            last = content.getByte(content.readerIndex() + n - 1);
            any = true;
        }
        return out;
    }

    private void stuffPart(ByteBuf content, ByteBuf out) {
        int from = content.readerIndex();
        int end = from + content.readableBytes();
        int runStart = from;
        int i = from;
        while (i < end) {
            if (lineStart && content.getByte(i) == '.') {
                out.writeBytes(content, runStart, i - runStart);
                out.writeByte('.');
                runStart = i;
            }
            int lf = content.indexOf(i, end, (byte) '\n');
            if (lf < 0) {
                lineStart = false;
                break;
            }
            lineStart = true;
            i = lf + 1;
        }
        out.writeBytes(content, runStart, end - runStart);
    }

    /** The terminator: {@code .CRLF}, preceded by CRLF unless the content ended with a line end (or was empty). */
    public ByteBuf end(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(5);
        if (any && last != '\n') {
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
        return out;
    }
}
