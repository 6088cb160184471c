package dev.mamori.core.scan.clamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny clamd for unit tests: speaks {@code zINSTREAM}, {@code zPING} and {@code zVERSION} over TCP (loopback, port
 * 0) or a Unix socket, records every command with its chunk framing, and misbehaves on request (delays, size limit,
 * silence). One virtual thread per connection; {@link #close()} stops everything.
 */
final class FakeClamd implements AutoCloseable {
    /** What one connection sent. */
    record Received(String command, List<Integer> chunkLengths, byte[] data, boolean terminated) {
    }

    private final ServerSocketChannel server;
    private final ClamdAddress address;
    private final Thread acceptor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Thread> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    /** The replies to a stream (each sent NUL-terminated); default: clean. */
    volatile Function<byte[], List<String>> verdict = data -> List.of("stream: OK");
    /** Like clamd's StreamMaxLength: past it, reply "INSTREAM size limit exceeded. ERROR" and close. */
    volatile long streamMaxLength = Long.MAX_VALUE;
    /** Wait this long before replying. */
    volatile Duration replyDelay = Duration.ZERO;
    /** Accept connections, then neither read nor reply (a hung clamd). */
    volatile boolean silent;

    private FakeClamd(ServerSocketChannel server, ClamdAddress address) {
        this.server = server;
        this.address = address;
        this.acceptor = Thread.ofVirtual().name("fake-clamd-accept").start(this::acceptLoop);
    }

    static FakeClamd tcp() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new FakeClamd(server, ClamdAddress.parse("tcp:127.0.0.1:" + port));
    }

    static FakeClamd unix(Path directory) throws IOException {
        Path socket = directory.resolve("clamd.sock");
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new FakeClamd(server, ClamdAddress.parse("unix:" + socket));
    }

    ClamdAddress address() {
        return address;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    /** The most connections open at the same time so far. */
    int maxOpenConnections() {
        return maxOpen.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                accepted.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                connections.add(Thread.ofVirtual().name("fake-clamd-conn").start(() -> serve(client)));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) {
        // a connection counts as open until its answer is about to be written: the client frees its slot only after
        // reading the answer, so counting down later (at close) would race with the client's next connection
        java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
        openUntilReply.set(counted);
        try (client) {
            if (silent) {
                Thread.sleep(Long.MAX_VALUE);
            }
            String command = readCommand(client);
            switch (command) {
                case "zPING" -> reply(client, List.of("PONG"));
                case "zVERSION" -> reply(client, List.of("ClamAV 1.4.6/0/fake"));
                case "zINSTREAM" -> instream(client);
                default -> reply(client, List.of("UNKNOWN COMMAND"));
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the test ended: nothing to report from a fake
        } finally {
            if (counted.getAndSet(false)) {
                open.decrementAndGet();
            }
            openUntilReply.remove();
        }
    }

    /** The serving thread's "still counted as open" flag, cleared by the first reply. */
    private final ThreadLocal<java.util.concurrent.atomic.AtomicBoolean> openUntilReply = new ThreadLocal<>();

    private void instream(SocketChannel client) throws IOException, InterruptedException {
        List<Integer> lengths = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            ByteBuffer header = readFully(client, 4);
            if (header == null) {
                received.add(new Received("zINSTREAM", lengths, data.toByteArray(), false));
                return;
            }
            int length = header.getInt();
            if (length == 0) {
                break;
            }
            lengths.add(length);
            if (data.size() + (long) length > streamMaxLength) {
                received.add(new Received("zINSTREAM", lengths, data.toByteArray(), false));
                reply(client, List.of("INSTREAM size limit exceeded. ERROR"));
                return;
            }
            ByteBuffer chunk = readFully(client, length);
            if (chunk == null) {
                received.add(new Received("zINSTREAM", lengths, data.toByteArray(), false));
                return;
            }
            data.write(chunk.array(), 0, length);
        }
        byte[] bytes = data.toByteArray();
        received.add(new Received("zINSTREAM", lengths, bytes, true));
        reply(client, verdict.apply(bytes));
    }

    private void reply(SocketChannel client, List<String> replies) throws IOException, InterruptedException {
        if (!replyDelay.isZero()) {
            Thread.sleep(replyDelay);
        }
        java.util.concurrent.atomic.AtomicBoolean counted = openUntilReply.get();
        if (counted != null && counted.getAndSet(false)) {
            open.decrementAndGet();
        }
        for (String r : replies) {
            client.write(ByteBuffer.wrap((r + "\0").getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    private static String readCommand(SocketChannel client) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (command.size() < 64) {
            one.clear();
            if (client.read(one) < 0) {
                throw new IOException("closed before a command");
            }
            if (one.get(0) == 0) {
                break;
            }
            command.write(one.get(0));
        }
        return command.toString(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer readFully(SocketChannel client, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        if (!server.isOpen()) {
            return;
        }
        SocketAddress local = server.getLocalAddress();
        server.close();
        acceptor.interrupt();
        connections.forEach(Thread::interrupt);
        if (local instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
        }
    }
}
