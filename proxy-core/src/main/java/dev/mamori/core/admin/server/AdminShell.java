package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminIdentity;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.AdminText;
import dev.mamori.core.admin.ShellSyntax;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The interactive shell ({@code ssh -p 18022 admin@host}) and single commands ({@code ssh ... admin@host status}):
 * the same commands as the JSON subsystem, typed as words and printed as tables. A small line editor is enough:
 * printable characters, backspace, Ctrl-U, Ctrl-C, Ctrl-D; escape sequences (arrow keys) are ignored. An account that
 * must change its password is asked to do so before anything else.
 */
final class AdminShell implements Command {
    private static final Logger LOG = LogManager.getLogger(AdminShell.class);
    private static final int MAX_LINE = 4096;

    private final AdminServer server;
    private final String singleCommand;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private AdminIdentity identity;
    private boolean terminal;
    private Thread thread;

    AdminShell(AdminServer server, String singleCommand) {
        this.server = server;
        this.singleCommand = singleCommand;
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
        // everything goes to the output stream, in order
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        identity = server.identityOf(channel.getServerSession());
        // with a pty the client sends keystrokes and expects the echo; without one it sends whole lines
        terminal = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_TERM);
        thread = Thread.ofPlatform().daemon().name("mamori-admin-shell-" + identity.user()).start(this::run);
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        int code = 0;
        try {
            if (singleCommand != null) {
                code = execute(singleCommand) ? 0 : 1;
            } else {
                interactive();
            }
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("admin shell of {} ended: {}", identity.user(), e.toString());
        } finally {
            try {
                out.flush();
            } catch (IOException ignored) {
                // the channel is gone
            }
            exit.onExit(code);
        }
    }

    private void interactive() throws IOException {
        print("Mamori admin shell on " + server.name() + ", signed in as " + identity.user() + " ("
                + identity.role().word() + "). Type help for the commands.\n");
        if (identity.mustChangePassword()) {
            print("The password of '" + identity.user() + "' was generated and must be changed now.\n");
            if (!changePassword()) {
                return;
            }
        }
        while (true) {
            print(identity.user() + "@" + server.name() + "> ");
            String line = readLine(true);
            if (line == null) {
                print("\n");
                return;
            }
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.equals("exit") || t.equals("quit") || t.equals("logout")) {
                return;
            }
            execute(t);
        }
    }

    /** Runs one typed line; false when it failed. */
    private boolean execute(String line) throws IOException {
        List<String> words = ShellSyntax.words(line);
        if (words.isEmpty()) {
            return true;
        }
        String first = words.get(0);
        if (first.equals("help") || first.equals("?")) {
            print(ShellSyntax.HELP);
            return true;
        }
        if (first.equals("passwd")) {
            if (singleCommand != null) {
                print("error: passwd needs the interactive shell\n");
                return false;
            }
            return changePassword();
        }
        try {
            ShellSyntax.Request request = ShellSyntax.parse(words, Instant.now());
            Object result = server.commands().execute(request.command(),
                    new AdminCommands.Call(identity, request.args(), null));
            JsonNode tree = AdminJson.MAPPER.valueToTree(result);
            print(AdminText.render(request.command(), tree));
            return true;
        } catch (AdminError e) {
            print("error (" + e.code() + "): " + e.getMessage() + "\n");
            return false;
        }
    }

    private boolean changePassword() throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            print("Current password: ");
            String old = readLine(false);
            print("\n");
            if (old == null) {
                return false;
            }
            print("New password (at least " + dev.mamori.core.admin.PasswordHash.MIN_PASSWORD_LENGTH
                    + " characters): ");
            String next = readLine(false);
            print("\n");
            if (next == null) {
                return false;
            }
            print("Repeat the new password: ");
            String again = readLine(false);
            print("\n");
            if (again == null) {
                return false;
            }
            if (!next.equals(again)) {
                print("The two new passwords differ; try again.\n");
                continue;
            }
            ObjectNode args = AdminJson.MAPPER.createObjectNode();
            args.put("old", old);
            args.put("new", next);
            try {
                server.commands().execute("passwd", new AdminCommands.Call(identity, args, null));
                print("Password changed.\n");
                return true;
            } catch (AdminError e) {
                print("error (" + e.code() + "): " + e.getMessage() + "\n");
            }
        }
        print("Password not changed.\n");
        return false;
    }

    // ---------------------------------------------------------------- terminal

    private void print(String text) throws IOException {
        String t = terminal ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
        out.write(t.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A line, or null at end of input (Ctrl-D on an empty line). */
    private String readLine(boolean echo) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean afterCr = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
            }
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            switch (b) {
                case '\r', '\n' -> {
                    if (echo && terminal) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    return line.toString(StandardCharsets.UTF_8);
                }
                case 0x04 -> { // Ctrl-D
                    if (line.size() == 0) {
                        return null;
                    }
                }
                case 0x03 -> { // Ctrl-C: drop the line
                    if (terminal) {
                        out.write("^C\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    return "";
                }
                case 0x15 -> { // Ctrl-U
                    erase(line, line.toString(StandardCharsets.UTF_8).length(), echo);
                    line.reset();
                }
                case 0x7f, 0x08 -> {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length;
                    if (end > 0) {
                        int start = end - 1;
                        while (start > 0 && (bytes[start] & 0xC0) == 0x80) {
                            start--;
                        }
                        line.reset();
                        line.write(bytes, 0, start);
                        erase(line, 1, echo);
                    }
                }
                case 0x1b -> skipEscape();
                default -> {
                    if (b >= 0x20 && line.size() < MAX_LINE) {
                        line.write(b);
                        if (echo && terminal) {
                            out.write(b);
                            out.flush();
                        }
                    }
                }
            }
        }
    }

    private void erase(ByteArrayOutputStream line, int chars, boolean echo) throws IOException {
        if (echo && terminal && chars > 0) {
            byte[] seq = new byte[chars * 3];
            for (int i = 0; i < chars; i++) {
                seq[i * 3] = '\b';
                seq[i * 3 + 1] = ' ';
                seq[i * 3 + 2] = '\b';
            }
            out.write(seq);
            out.flush();
        }
    }

    /** Skips a CSI or SS3 sequence (arrow keys, function keys). */
    private void skipEscape() throws IOException {
        int b = in.read();
        if (b == '[' || b == 'O') {
            do {
                b = in.read();
            } while (b >= 0 && (b < 0x40 || b > 0x7e));
        }
    }
}
