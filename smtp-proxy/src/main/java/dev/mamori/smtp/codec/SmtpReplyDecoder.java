package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an upstream server's replies into {@link SmtpReply}s, one per complete (possibly multi-line) reply. Lines
 * end at LF (a CR before it is removed); a line longer than the limit, a reply of more than {@code maxLines} lines,
 * a line without a valid code or a continuation line with another code is a {@link DecoderException}: the upstream
 * is broken, and the session treats it as lost.
 */
public final class SmtpReplyDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private final int maxLines;
    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    public SmtpReplyDecoder(int maxLineLength, int maxLines) {
        this.maxLineLength = maxLineLength;
        this.maxLines = maxLines;
    }

    public SmtpReplyDecoder() {
        this(8192, 1000);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > maxLineLength) {
                    throw new TooLongFrameException("upstream reply line longer than " + maxLineLength + " bytes");
                }
                return;
            }
            int len = lf - start;
            if (len + 1 > maxLineLength) {
                throw new TooLongFrameException("upstream reply line longer than " + maxLineLength + " bytes");
            }
            if (len > 0 && in.getByte(lf - 1) == '\r') {
                len--;
            }
            String line = in.toString(start, len, StandardCharsets.UTF_8);
            in.readerIndex(lf + 1);
            SmtpReply reply = line(line);
            if (reply != null) {
                out.add(reply);
            }
        }
    }

    private SmtpReply line(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            throw new DecoderException("upstream reply line without a reply code: " + printable(line));
        }
        int c = Integer.parseInt(line.substring(0, 3));
        if (c < 200 || c > 599) {
            throw new DecoderException("upstream reply code out of range: " + c);
        }
        if (code >= 0 && c != code) {
            throw new DecoderException("upstream reply continued with another code: " + code + " then " + c);
        }
        char sep = line.length() > 3 ? line.charAt(3) : ' ';
        if (sep != ' ' && sep != '-') {
            throw new DecoderException("upstream reply line with a bad separator: " + printable(line));
        }
        code = c;
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (lines.size() > maxLines) {
            throw new TooLongFrameException("upstream reply of more than " + maxLines + " lines");
        }
        if (sep == '-') {
            return null;
        }
        SmtpReply reply = new SmtpReply(code, lines);
        lines.clear();
        code = -1;
        return reply;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
