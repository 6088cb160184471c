package dev.mamori.core.scan.clamd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One connection to clamd for one command, with timeouts on every wait. A non-blocking channel and a selector of its
 * own while it is open (taken from and given back to the client's {@link SelectorPool}), because blocking
 * {@link SocketChannel}s have no read timeout and Unix domain channels have no {@code Socket} adaptor to set one on;
 * this way TCP and Unix sockets share one code path. Not thread-safe; closed after the command.
 */
final class ClamdConnection implements AutoCloseable {
    /** clamd's replies are one line each; a longer one is not clamd. */
    static final int MAX_REPLY = 4096;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectorPool pool;
    private final SelectionKey key;
    private final String peer;
    private final long readTimeoutMillis;
    private final ByteBuffer replyBytes = ByteBuffer.allocate(MAX_REPLY);
    private boolean endOfStream;

    private ClamdConnection(SocketChannel channel, Selector selector, SelectorPool pool, String peer,
                            Duration readTimeout) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.pool = pool;
        this.key = channel.register(selector, 0);
        this.peer = peer;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    }

    static ClamdConnection open(ClamdAddress address, Duration connectTimeout, Duration readTimeout, SelectorPool pool)
            throws ClamdException {
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = address.openChannel();
            channel.configureBlocking(false);
            selector = pool.take();
            ClamdConnection connection = new ClamdConnection(channel, selector, pool, address.toString(), readTimeout);
            connection.connect(address, connectTimeout);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector);
            if (e instanceof ClamdException ce) {
                throw ce;
            }
            throw new ClamdException("cannot connect to clamd at " + address + ": " + describe(e), e);
        }
    }

    private void connect(ClamdAddress address, Duration timeout) throws IOException {
        if (channel.connect(address.resolve())) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            await(SelectionKey.OP_CONNECT, deadline, "connecting");
        } while (!channel.finishConnect());
    }

    /** Writes all of {@code bytes}; each stall (clamd not reading) may last up to the read timeout. */
    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(SelectionKey.OP_WRITE, deadline(), "sending the stream");
            }
        }
    }

    /**
     * The next NUL-terminated reply without its terminator; at end of stream whatever unterminated text arrived, or
     * null when nothing did. Waits up to the read timeout for each read.
     */
    String readReply() throws IOException {
        return readReply(deadline());
    }

    /** Like {@link #readReply()} but gives up after {@code wait}: used after a failed write, to learn why. */
    String readReply(Duration wait) throws IOException {
        return readReply(System.nanoTime() + wait.toNanos());
    }

    private String readReply(long deadline) throws IOException {
        while (true) {
            String reply = takeReply();
            if (reply != null) {
                return reply;
            }
            if (endOfStream) {
                return takeRest();
            }
            if (!replyBytes.hasRemaining()) {
                throw new ClamdException("clamd at " + peer + " sent a reply longer than " + MAX_REPLY + " bytes");
            }
            int n = channel.read(replyBytes);
            if (n < 0) {
                endOfStream = true;
            } else if (n == 0) {
                await(SelectionKey.OP_READ, deadline, "waiting for the reply");
            }
        }
    }

    private String takeReply() {
        for (int i = 0; i < replyBytes.position(); i++) {
            if (replyBytes.get(i) == 0) {
                String reply = new String(replyBytes.array(), 0, i, StandardCharsets.ISO_8859_1);
                replyBytes.flip().position(i + 1);
                replyBytes.compact();
                return reply;
            }
        }
        return null;
    }

    private String takeRest() {
        if (replyBytes.position() == 0) {
            return null;
        }
        String rest = new String(replyBytes.array(), 0, replyBytes.position(), StandardCharsets.ISO_8859_1);
        replyBytes.clear();
        return rest;
    }

    private long deadline() {
        return System.nanoTime() + readTimeoutMillis * 1_000_000;
    }

    private void await(int ops, long deadline, String what) throws IOException {
        key.interestOps(ops);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClamdException("clamd at " + peer + " timed out " + what);
                }
                if (selector.select(Math.max(1, left / 1_000_000)) > 0) {
                    selector.selectedKeys().clear();
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while " + what + " (clamd at " + peer + ")");
                }
            }
        } finally {
            key.interestOps(0);
        }
    }

    String peer() {
        return peer;
    }

    /**
     * Closes the connection and gives the selector back. The channel is registered with the selector, so its socket is
     * really closed only when the selector drops the cancelled key: {@code selectNow} does that here, and a selector
     * that fails to is closed (which closes the socket too) instead of being reused.
     */
    @Override
    public void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the command is over either way
        }
        try {
            selector.selectNow();
        } catch (IOException | RuntimeException e) {
            SelectorPool.closeQuietly(selector);
            return;
        }
        pool.give(selector);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // nothing to do: the selector holds no state we need
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the command is over either way; a failed close leaks nothing the OS does not reclaim
        }
    }
}
