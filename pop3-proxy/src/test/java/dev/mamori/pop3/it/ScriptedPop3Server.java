package dev.mamori.pop3.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A one-connection POP3 server for tests that need to see exactly what Mamori sends upstream, or to misbehave on
 * purpose. Every received line is recorded; answers come from a function of the line (null closes the connection).
 */
final class ScriptedPop3Server implements AutoCloseable {
    /** An answer starting with this is sent without it, and then the connection is closed. */
    static final String CLOSE_AFTER = "<close-after>";
    /** In an answer, everything before this is sent and flushed, then the rest waits for {@link #resume}. */
    static final String PAUSE = "<pause>";

    /** Counted down by the test to let a paused answer go on. */
    final CountDownLatch resume = new CountDownLatch(1);
    /** Counted down when an answer reached its pause. */
    final CountDownLatch paused = new CountDownLatch(1);

    final List<String> received = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    private final ServerSocket server;
    private final Thread thread;

    ScriptedPop3Server(String greeting, Function<String, String> answers) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                out.write((greeting + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    String answer = answers.apply(line);
                    if (answer == null) {
                        break;
                    }
                    boolean close = answer.startsWith(CLOSE_AFTER);
                    answer = answer.substring(close ? CLOSE_AFTER.length() : 0);
                    int pause = answer.indexOf(PAUSE);
                    if (pause >= 0) {
                        out.write(answer.substring(0, pause).getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        paused.countDown();
                        awaitResume();
                        answer = answer.substring(pause + PAUSE.length());
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (close) {
                        break;
                    }
                }
            } catch (IOException ignored) {
                // the test decides what a closed connection means
            } finally {
                closed.countDown();
            }
        }, "scripted-pop3");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitResume() throws IOException {
        try {
            if (!resume.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException("the test never resumed the paused answer");
            }
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
