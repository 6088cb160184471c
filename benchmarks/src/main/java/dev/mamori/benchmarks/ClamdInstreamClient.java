package dev.mamori.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A minimal clamd INSTREAM client over a Unix socket: one connection per item, chunks of 64 KiB. */
final class ClamdInstreamClient {
    private final Path socket;

    ClamdInstreamClient(Path socket) {
        this.socket = socket;
    }

    /** clamd's reply without the trailing NUL: {@code stream: OK} or {@code stream: Name FOUND}. */
    String scan(byte[] item) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            writeFully(ch, ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer length = ByteBuffer.allocate(4);
            for (int at = 0; at < item.length; at += Engines.CHUNK) {
                int n = Math.min(Engines.CHUNK, item.length - at);
                writeFully(ch, length.clear().putInt(n).flip());
                writeFully(ch, ByteBuffer.wrap(item, at, n));
            }
            writeFully(ch, length.clear().putInt(0).flip());
            ByteBuffer reply = ByteBuffer.allocate(4096);
            while (ch.read(reply) >= 0) {
                if (reply.position() > 0 && reply.get(reply.position() - 1) == 0) {
                    break;
                }
            }
            return new String(reply.array(), 0, Math.max(0, reply.position() - 1), StandardCharsets.US_ASCII);
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
