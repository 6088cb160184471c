package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames client lines (CRLF, or a bare LF from lenient clients) into {@link Pop3Command}s with a length limit. An
 * over-long line is reported once and skipped up to its end, so the session can answer {@code -ERR} and go on.
 *
 * <p>After {@link #discardUntilTls()} every byte already received is dropped: a client (or an attacker in the path)
 * that pipelines commands after STLS must not have them executed inside the TLS session (the STARTTLS
 * command-injection class of bugs). The session calls it right after it sees STLS.
 */
public final class Pop3CommandDecoder extends ByteToMessageDecoder {
    private final int maxLength;
    private boolean skipping;
    private boolean discarding;

    public Pop3CommandDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    public void discardUntilTls() {
        discarding = true;
    }

    /** Reads again after TLS started, or after a refused STLS. */
    public void resume() {
        discarding = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (skipping) {
                if (lf < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(lf + 1);
                skipping = false;
                continue;
            }
            if (lf < 0) {
                if (in.readableBytes() > maxLength) {
                    in.skipBytes(in.readableBytes());
                    skipping = true;
                    out.add(Pop3Command.tooLong(maxLength));
                }
                return;
            }
            int lineLength = lf + 1 - in.readerIndex();
            if (lineLength > maxLength) {
                in.readerIndex(lf + 1);
                out.add(Pop3Command.tooLong(maxLength));
                continue;
            }
            int end = lf;
            if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
                end--;
            }
            String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
            in.readerIndex(lf + 1);
            Pop3Command cmd = Pop3Command.parse(line);
            out.add(cmd);
            if (cmd.keyword().equals("STLS") && cmd.problem() == null) {
                // Anything after STLS in this read is plaintext injected before the handshake: drop it now.
                discarding = true;
            }
        }
    }
}
