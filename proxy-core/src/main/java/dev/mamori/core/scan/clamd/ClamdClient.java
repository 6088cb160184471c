package dev.mamori.core.scan.clamd;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A clamd client for the {@code z}-prefixed (NUL-terminated) commands {@code INSTREAM}, {@code PING} and
 * {@code VERSION}. Thread-safe and blocking: call it from the scan executor.
 *
 * <p>Each command gets a fresh connection, and at most {@link ClamdSettings#maxConnections()} are open at once (the
 * selectors that wait on them are reused: {@link SelectorPool}).
 * clamd's {@code IDSESSION} would keep connections open, but measured on loopback TCP it saves about 0.1 ms per
 * command (median per scan, fresh against session: 2 KB 0.33/0.23 ms, 100 KB 0.67/0.56 ms, 2 MB 8.6/7.7 ms;
 * {@code e2e/clamd/connection-bench.py}), next to clamd's own 1-2 ms per mail item. A kept connection brings failure
 * modes of its own: clamd ends idle sessions ({@code IdleTimeout}) and sessions on database reload, so every command
 * would need stale-connection detection and a retry that must not scan twice or lose a verdict. A fresh connection
 * cannot be stale.
 *
 * <p>INSTREAM framing: {@code zINSTREAM\0}, then chunks of a 4-byte big-endian length and the data, then a zero
 * length. The command, the first chunk and (for items up to one chunk) the terminator go out in a single write.
 */
public final class ClamdClient {
    /** 64 KiB chunks: clamd's own clients use less, but clamd accepts any chunk below its StreamMaxLength. */
    static final int CHUNK = 64 * 1024;
    /** With clamd's {@code AllMatchScan} one stream may yield several FOUND replies; more than this is not clamd. */
    static final int MAX_FOUND = 64;

    private static final byte[] INSTREAM = "zINSTREAM\0".getBytes(StandardCharsets.US_ASCII);
    /** After clamd broke off a stream, how long to wait for the reply that says why. */
    private static final Duration WHY_CLOSED_WAIT = Duration.ofSeconds(2);

    private final ClamdSettings settings;
    private final Semaphore slots;
    private final SelectorPool selectors;

    public ClamdClient(ClamdSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.slots = new Semaphore(settings.maxConnections(), true);
        this.selectors = new SelectorPool(this, settings.maxConnections());
    }

    public ClamdSettings settings() {
        return settings;
    }

    /** Sends {@code PING}; returns normally when clamd answers {@code PONG}. */
    public void ping() throws IOException {
        String reply = simpleCommand("zPING\0");
        if (!reply.equals("PONG")) {
            throw new ClamdException("clamd at " + settings.address() + " answered PING with '"
                    + ClamdText.clean(reply) + "'");
        }
    }

    /** Sends {@code VERSION}: e.g. {@code ClamAV 1.4.6/27400/Tue Oct 1 08:00:00 2024}, or without the database part. */
    public String version() throws IOException {
        return simpleCommand("zVERSION\0");
    }

    /**
     * Streams {@code content} to clamd (read to its end, not closed) and returns the names clamd found, empty when it
     * reported the stream clean.
     *
     * @throws ClamdStreamTooLargeException when the content is larger than {@link ClamdSettings#maxStreamSize()} or
     *                                      than clamd accepts
     * @throws ClamdException               when clamd is unreachable, busy, too slow, or answers with an error
     * @throws IOException                  when reading {@code content} fails
     */
    public List<String> scan(InputStream content) throws IOException {
        Objects.requireNonNull(content, "content");
        acquireSlot();
        try (ClamdConnection connection = open()) {
            long sent = stream(connection, content);
            return found(connection, sent);
        } catch (ContentReadFailure e) {
            throw e.getCause();
        } catch (ClamdException e) {
            throw e;
        } catch (IOException e) {
            // a reset or broken pipe from clamd's side is clamd failing, whatever socket call noticed it
            throw new ClamdException("clamd at " + settings.address() + ": connection failed (" + e.getMessage() + ")", e);
        } finally {
            slots.release();
        }
    }

    /** A failure to read the content being scanned: the caller's problem, not clamd's. */
    private static final class ContentReadFailure extends IOException {
        ContentReadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private long stream(ClamdConnection connection, InputStream content) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(INSTREAM.length + 4 + CHUNK + 4);
        frame.put(INSTREAM);
        long total = 0;
        while (true) {
            int header = frame.position();
            int n = fill(content, frame.array(), header + 4);
            total += n;
            if (total > settings.maxStreamSize()) {
                throw tooLarge("more than " + settings.maxStreamSize() + " bytes, the configured maximum stream size "
                        + "(clamd's StreamMaxLength)", settings.maxStreamSize());
            }
            // only a short fill means the end: a full chunk is followed by at least an empty read
            boolean last = n < CHUNK;
            if (n > 0) {
                frame.putInt(n).position(header + 4 + n);
            }
            if (last) {
                frame.putInt(0);
            }
            frame.flip();
            send(connection, frame, total);
            if (last) {
                return total;
            }
            frame.clear();
        }
    }

    /**
     * Reads until the chunk is full or the stream ends. Not {@code readNBytes}: some streams override it with a single
     * {@code read}, and a short chunk taken for the last one would end the stream early: clamd would judge a prefix.
     */
    private static int fill(InputStream content, byte[] buffer, int offset) throws IOException {
        int n = 0;
        while (n < CHUNK) {
            int r;
            try {
                r = content.read(buffer, offset + n, CHUNK - n);
            } catch (IOException e) {
                throw new ContentReadFailure(e);
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /**
     * Writes one frame. clamd closes the connection when a stream passes its StreamMaxLength (replying first), so a
     * failed write is followed by a short read for that reply, which then says what happened.
     */
    private void send(ClamdConnection connection, ByteBuffer frame, long total) throws IOException {
        try {
            connection.write(frame);
        } catch (ClamdException e) {
            throw e;
        } catch (IOException e) {
            String reply = null;
            try {
                reply = connection.readReply(WHY_CLOSED_WAIT);
            } catch (IOException ignored) {
                // a reset connection loses clamd's reply: fall through to the generic message
            }
            if (reply != null) {
                throwIfFailure(ClamdReply.parse(reply), connection);
            }
            throw new ClamdException("clamd at " + connection.peer() + " closed the connection after " + total
                    + " bytes of the stream (" + ClamdConnection.describe(e) + "); if the item is large, clamd's "
                    + "StreamMaxLength may be below the configured " + settings.maxStreamSize() + " bytes", e);
        }
    }

    private List<String> found(ClamdConnection connection, long sent) throws IOException {
        String first = connection.readReply();
        if (first == null) {
            throw new ClamdException("clamd at " + connection.peer() + " closed the connection without a reply after "
                    + sent + " bytes");
        }
        ClamdReply reply = ClamdReply.parse(first);
        throwIfFailure(reply, connection);
        if (reply instanceof ClamdReply.Clean) {
            return List.of();
        }
        // FOUND: with AllMatchScan more may follow; clamd closes the connection after the last one.
        List<String> names = new ArrayList<>();
        names.add(((ClamdReply.Found) reply).name());
        for (String next; names.size() < MAX_FOUND && (next = connection.readReply()) != null; ) {
            if (ClamdReply.parse(next) instanceof ClamdReply.Found more && !names.contains(more.name())) {
                names.add(more.name());
            }
        }
        return List.copyOf(names);
    }

    private static void throwIfFailure(ClamdReply reply, ClamdConnection connection) throws ClamdException {
        switch (reply) {
            case ClamdReply.SizeLimitExceeded ignored -> throw tooLarge("larger than clamd at " + connection.peer()
                    + " accepts (it replied 'INSTREAM size limit exceeded'; raise StreamMaxLength or lower "
                    + "maxStreamSize to match)", -1);
            case ClamdReply.Error error -> throw new ClamdException("clamd at " + connection.peer() + " failed: "
                    + error.message());
            case ClamdReply.Clean ignored -> {
            }
            case ClamdReply.Found ignored -> {
            }
        }
    }

    private String simpleCommand(String command) throws IOException {
        acquireSlot();
        try (ClamdConnection connection = open()) {
            connection.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
            String reply = connection.readReply();
            if (reply == null) {
                throw new ClamdException("clamd at " + connection.peer() + " closed the connection without a reply to "
                        + command.substring(1, command.length() - 1));
            }
            return reply.strip();
        } finally {
            slots.release();
        }
    }

    /** Selectors kept for the next commands (for tests). */
    int idleSelectors() {
        return selectors.idleCount();
    }

    private ClamdConnection open() throws ClamdException {
        return ClamdConnection.open(settings.address(), settings.connectTimeout(), settings.readTimeout(), selectors);
    }

    private void acquireSlot() throws IOException {
        try {
            if (!slots.tryAcquire(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ClamdException("clamd busy: all " + settings.maxConnections() + " connections to "
                        + settings.address() + " stayed in use for " + settings.readTimeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a clamd connection");
        }
    }

    private static ClamdStreamTooLargeException tooLarge(String why, long limit) {
        return new ClamdStreamTooLargeException("too large for clamd: " + why, limit);
    }
}
