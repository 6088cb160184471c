package dev.mamori.core.admin.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminIdentity;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.AdminProtocol;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code mamori-admin} subsystem channel: JSON lines in, JSON lines out. A reader thread parses requests and runs
 * them one after the other (responses come in request order); a writer thread drains a bounded queue of output lines.
 * Events are only offered to that queue: when it is full the connection's subscriptions are dropped and the client is
 * told why ({@code {"event":"dropped",...}}), so a slow subscriber never holds up the server or other connections.
 */
final class AdminConnection implements Command, Subscriber {
    private static final Logger LOG = LogManager.getLogger(AdminConnection.class);
    private static final String STOP = "";

    private final AdminServer server;
    private final BlockingQueue<String> output = new ArrayBlockingQueue<>(AdminProtocol.OUTPUT_QUEUE_LINES);
    private final AtomicReference<String> notice = new AtomicReference<>();
    private final Set<String> topics = new LinkedHashSet<>();
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private AdminIdentity identity;
    private volatile boolean closed;
    private Thread reader;
    private Thread writer;

    AdminConnection(AdminServer server) {
        this.server = server;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // errors are JSON responses on the output stream
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        identity = server.identityOf(channel.getServerSession());
        reader = Thread.ofPlatform().daemon().name("mamori-admin-" + identity.user()).start(this::readLoop);
        writer = Thread.ofPlatform().daemon().name("mamori-admin-out-" + identity.user()).start(this::writeLoop);
        server.register(this);
    }

    @Override
    public void destroy(ChannelSession channel) {
        stop();
    }

    private void stop() {
        if (closed) {
            return;
        }
        closed = true;
        server.unregister(this);
        output.offer(STOP);
        if (reader != null) {
            reader.interrupt();
        }
    }

    // ---------------------------------------------------------------- requests

    private void readLoop() {
        int code = 0;
        try {
            while (!closed) {
                String line = readLine();
                if (line == null) {
                    break;
                }
                if (!line.isBlank()) {
                    handle(line);
                }
            }
        } catch (LineTooLongException e) {
            enqueue(error(null, new AdminError(AdminError.BAD_REQUEST,
                    "request longer than " + AdminProtocol.MAX_REQUEST_BYTES + " bytes; closing")));
            code = 1;
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("admin connection of {} ended: {}", identity.user(), e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish(code);
        }
    }

    private void finish(int code) {
        // let the writer send what is queued, then end the channel
        output.offer(STOP);
        try {
            if (writer != null) {
                writer.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        if (exit != null) {
            exit.onExit(code);
        }
    }

    private static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("request line too long");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= AdminProtocol.MAX_REQUEST_BYTES) {
                throw new LineTooLongException();
            }
            line.write(b);
        }
    }

    private void handle(String line) throws InterruptedException {
        JsonNode id = null;
        try {
            JsonNode request;
            try {
                request = AdminJson.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new AdminError(AdminError.BAD_REQUEST, "not a JSON object: " + e.getOriginalMessage());
            }
            if (request == null || !request.isObject()) {
                throw new AdminError(AdminError.BAD_REQUEST, "a request is a JSON object {\"id\":..,\"cmd\":..,\"args\":{..}}");
            }
            id = request.get("id");
            JsonNode cmd = request.get("cmd");
            if (cmd == null || !cmd.isTextual()) {
                throw new AdminError(AdminError.BAD_REQUEST, "'cmd' is required and must be a string");
            }
            JsonNode args = request.get("args");
            if (args == null || args.isNull()) {
                args = AdminJson.MAPPER.createObjectNode();
            } else if (!args.isObject()) {
                throw new AdminError(AdminError.BAD_REQUEST, "'args' must be an object");
            }
            Object result = server.commands().execute(cmd.asText(), new AdminCommands.Call(identity, args, this));
            ObjectNode response = AdminJson.MAPPER.createObjectNode();
            response.set("id", id);
            response.put("ok", true);
            response.set("result", AdminJson.MAPPER.valueToTree(result));
            put(response.toString());
        } catch (AdminError e) {
            put(error(id, e));
        } catch (RuntimeException e) {
            LOG.warn("admin request by {} failed: {}", identity.user(), e.toString(), e);
            put(error(id, new AdminError(AdminError.INTERNAL, "internal error: " + e)));
        }
    }

    private static String error(JsonNode id, AdminError e) {
        ObjectNode response = AdminJson.MAPPER.createObjectNode();
        response.set("id", id);
        response.put("ok", false);
        ObjectNode error = response.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        return response.toString();
    }

    /** Responses wait for room: that only slows this connection's own requests. */
    private void put(String line) throws InterruptedException {
        while (!closed && !output.offer(line, 1, TimeUnit.SECONDS)) {
            // the client does not read; keep waiting until it does or the channel closes
        }
    }

    private void enqueue(String line) {
        output.offer(line);
    }

    private void writeLoop() {
        try {
            while (true) {
                String dropped = notice.getAndSet(null);
                if (dropped != null) {
                    write(dropped);
                }
                String line = output.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                if (line == STOP) {
                    String last = notice.getAndSet(null);
                    if (last != null) {
                        write(last);
                    }
                    return;
                }
                write(line);
            }
        } catch (IOException e) {
            LOG.debug("admin output to {} failed: {}", identity.user(), e.toString());
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public synchronized List<String> subscribe(List<String> add) {
        topics.addAll(add.isEmpty() ? List.of(AdminProtocol.TOPIC_STATS, AdminProtocol.TOPIC_EVENTS) : add);
        return new ArrayList<>(topics);
    }

    @Override
    public synchronized List<String> unsubscribe(List<String> remove) {
        if (remove.isEmpty()) {
            topics.clear();
        } else {
            topics.removeAll(remove);
        }
        return new ArrayList<>(topics);
    }

    synchronized boolean wants(String topic) {
        return topics.contains(topic);
    }

    /** Offers an event line; a full queue drops this connection's subscriptions with a notice. Never blocks. */
    void offerEvent(String topic, String line) {
        if (closed || !wants(topic)) {
            return;
        }
        if (!output.offer(line)) {
            List<String> had;
            synchronized (this) {
                had = new ArrayList<>(topics);
                topics.clear();
            }
            ObjectNode n = AdminJson.MAPPER.createObjectNode();
            n.put("event", "dropped");
            ObjectNode data = n.putObject("data");
            data.put("reason", "the client did not keep up: " + AdminProtocol.OUTPUT_QUEUE_LINES
                    + " lines were waiting; subscriptions ended, subscribe again to resume");
            data.set("topics", AdminJson.MAPPER.valueToTree(had));
            notice.set(n.toString());
            LOG.warn("admin subscriber {} too slow: subscriptions {} dropped", identity == null ? "-" : identity.user(),
                    had);
        }
    }

    AdminIdentity identity() {
        return identity;
    }

    /** The notice waiting for the writer, for tests. */
    String pendingNotice() {
        return notice.get();
    }
}
