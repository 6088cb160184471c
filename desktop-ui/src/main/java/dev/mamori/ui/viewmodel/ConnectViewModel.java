package dev.mamori.ui.viewmodel;

import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.HostKeyRejectedException;
import dev.mamori.core.admin.client.HostKeyVerifier;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.admin.client.MdnsDiscovery;
import dev.mamori.core.net.HostPort;
import dev.mamori.ui.backend.PinningVerifier;
import dev.mamori.ui.backend.RemoteBackend;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The connect screen of remote mode: servers announced on the LAN (mDNS), a typed {@code host:port}, user and password
 * or key file; the host key pinned on first use after the user confirmed its fingerprint, a changed key refused; the
 * forced password change of a fresh account asked for and done before the dashboard opens. Connecting runs on a
 * background executor; properties change on the UI executor only.
 */
public final class ConnectViewModel {
    /** Discovery waits this long for answers. */
    public static final Duration DISCOVERY_TIME = Duration.ofSeconds(3);
    /** How long a question to the user may stay open before the connection attempt gives up. */
    static final Duration QUESTION_TIMEOUT = Duration.ofMinutes(10);

    /** The questions connecting may ask the user; answered on the UI thread, possibly later. */
    public interface Prompts {
        /** Whether to trust and pin the unknown host key of {@code target}. */
        CompletionStage<Boolean> trustHostKey(String target, String fingerprint);

        /** A new password for {@code user} (entered twice and compared by the dialog), or null when cancelled. */
        CompletionStage<char[]> newPassword(String user);
    }

    /** Opens the admin connection; the real one is {@link AdminClient#connect}, tests may wrap it. */
    @FunctionalInterface
    public interface Connector {
        AdminClient connect(String host, int port, String user, char[] password, KeyPair key, HostKeyVerifier verifier)
                throws IOException, AdminError;

        Connector ADMIN_CLIENT = (host, port, user, password, key, verifier) -> password != null
                ? AdminClient.connect(host, port, user, password, verifier)
                : AdminClient.connect(host, port, user, key, verifier);
    }

    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "admin");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty identity = new SimpleStringProperty(this, "identity", "");
    private final ObservableList<MdnsDiscovery.Server> servers = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper discovering = new ReadOnlyBooleanWrapper(this, "discovering");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper hostKeyChanged = new ReadOnlyBooleanWrapper(this, "hostKeyChanged");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper discoveryNote = new ReadOnlyStringWrapper(this, "discoveryNote", "");

    private final UiContext ctx;
    private final Executor background;
    private final KnownHosts knownHosts;
    private final Connector connector;
    private final Consumer<RemoteBackend> onConnected;
    private Prompts prompts;
    private volatile java.net.InetAddress discoveryInterface;

    /**
     * @param knownHostsFile where host keys are pinned ({@link KnownHosts#defaultFile()} for the user's own)
     * @param onConnected    receives the backend, on the UI executor, once the dashboard can open
     */
    public ConnectViewModel(UiContext ctx, Executor background, Path knownHostsFile, Connector connector,
                            Consumer<RemoteBackend> onConnected) {
        this.ctx = ctx;
        this.background = background;
        this.knownHosts = new KnownHosts(knownHostsFile);
        this.connector = connector;
        this.onConnected = onConnected;
    }

    /** The view's dialogs; set before {@link #connect()}. */
    public void setPrompts(Prompts prompts) {
        this.prompts = prompts;
    }

    /** The interface whose network discovery asks ({@code null}, the default: JmDNS picks one). */
    public void discoverOn(java.net.InetAddress address) {
        this.discoveryInterface = address;
    }

    /** Looks for servers announcing themselves on the LAN; the list is replaced when the answers are in. */
    public void discover() {
        if (discovering.get()) {
            return;
        }
        discovering.set(true);
        discoveryNote.set("");
        background.execute(() -> {
            List<MdnsDiscovery.Server> found;
            String note;
            try {
                found = MdnsDiscovery.discover(discoveryInterface, DISCOVERY_TIME);
                note = found.isEmpty() ? "none" : "";
            } catch (IOException | RuntimeException e) {
                found = List.of();
                note = "failed: " + e.getMessage();
            }
            List<MdnsDiscovery.Server> result = found;
            String n = note;
            ctx.ui().execute(() -> {
                servers.setAll(result);
                discoveryNote.set(n);
                discovering.set(false);
            });
        });
    }

    /** Fills the address from an announced server. */
    public void choose(MdnsDiscovery.Server server) {
        if (server != null) {
            address.set(HostPort.of(server.host(), server.port()).toString());
        }
    }

    /** Whether the fields are complete enough to try (the reason is shown by {@link #connect()} otherwise). */
    String problem() {
        HostPort target;
        try {
            target = HostPort.parse(address.get() == null ? "" : address.get().trim());
        } catch (RuntimeException e) {
            return "the server address must be host:port (" + e.getMessage() + ")";
        }
        if (target.port() <= 0) {
            return "the server address must name a port, e.g. mamori.lan:18022";
        }
        if (user.get() == null || user.get().isBlank()) {
            return "a user name is required";
        }
        if (blank(password.get()) && blank(identity.get())) {
            return "a password or a key file is required";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    /** Connects with the fields as they are; call on the UI executor. */
    public void connect() {
        if (busy.get()) {
            return;
        }
        String problem = problem();
        hostKeyChanged.set(false);
        if (problem != null) {
            error.set(problem);
            return;
        }
        HostPort target = HostPort.parse(address.get().trim());
        String who = user.get().trim();
        char[] secret = blank(password.get()) ? null : password.get().toCharArray();
        Path keyFile = secret == null ? Path.of(identity.get().trim()) : null;
        password.set(""); // the field does not keep it once it is on its way
        error.set(null);
        busy.set(true);
        status.set("connecting to " + target + " as " + who + "\u2026");
        background.execute(() -> run(target, who, secret, keyFile));
    }

    private void run(HostPort target, String who, char[] secret, Path keyFile) {
        AdminClient client = null;
        try {
            KeyPair key = secret == null ? loadKey(keyFile) : null;
            HostKeyVerifier verifier = new PinningVerifier(knownHosts, (t, fp) -> ask(() -> prompts.trustHostKey(t, fp),
                    Boolean.FALSE));
            client = connector.connect(target.host(), target.port(), who, secret, key, verifier);
            if (client.hello().mustChangePassword()) {
                if (secret == null) {
                    throw new IOException("the account '" + who + "' must change its password first: log in once"
                            + " with its password");
                }
                ui(() -> status.set("the server asks for a new password for " + who));
                char[] fresh = ask(() -> prompts.newPassword(who), null);
                if (fresh == null) {
                    throw new IOException("not connected: the server requires a new password before anything else");
                }
                try {
                    client.passwd(secret, fresh);
                } finally {
                    Arrays.fill(fresh, '\0');
                }
            }
            ui(() -> status.set("reading the server's status\u2026"));
            RemoteBackend backend = RemoteBackend.over(client, target.toString());
            ui(() -> {
                busy.set(false);
                status.set("connected to " + backend.serverInfo().name());
                onConnected.accept(backend);
            });
        } catch (HostKeyRejectedException e) {
            close(client);
            boolean changed = e.getMessage() != null && e.getMessage().contains("HOST KEY CHANGED");
            failed(e.getMessage(), changed);
        } catch (AdminError e) {
            close(client);
            failed(e.code() + ": " + e.getMessage(), false);
        } catch (IOException | RuntimeException e) {
            close(client);
            failed(e.getMessage() == null ? e.toString() : e.getMessage(), false);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private static KeyPair loadKey(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("the key file " + file + " cannot be read");
        }
        try {
            Iterator<KeyPair> keys = new FileKeyPairProvider(file).loadKeys(null).iterator();
            if (!keys.hasNext()) {
                throw new IOException("no key pair in " + file);
            }
            return keys.next();
        } catch (RuntimeException e) {
            throw new IOException("the key file " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private <T> T ask(java.util.function.Supplier<CompletionStage<T>> question, T unanswered) {
        if (prompts == null) {
            return unanswered;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        ctx.ui().execute(() -> question.get().whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(v);
            }
        }));
        try {
            return answer.get(QUESTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unanswered;
        } catch (ExecutionException | TimeoutException e) {
            return unanswered;
        }
    }

    private void failed(String message, boolean changed) {
        ui(() -> {
            busy.set(false);
            status.set("");
            hostKeyChanged.set(changed);
            error.set(message);
        });
    }

    private void ui(Runnable r) {
        ctx.ui().execute(r);
    }

    private static void close(AdminClient client) {
        if (client != null) {
            client.close();
        }
    }

    /** Shows why the previous connection ended (reconnect keeps the address and user). */
    public void showDisconnected(String reason) {
        error.set(reason);
        hostKeyChanged.set(false);
        status.set("");
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty identityProperty() {
        return identity;
    }

    public ObservableList<MdnsDiscovery.Server> servers() {
        return servers;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty discoveringProperty() {
        return discovering.getReadOnlyProperty();
    }

    /** Why the last attempt failed, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when the last attempt was refused because a pinned host key changed (shown loudly). */
    public ReadOnlyBooleanProperty hostKeyChangedProperty() {
        return hostKeyChanged.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** {@code ""} while nothing to say, {@code none} when discovery found nothing, {@code failed: ...}. */
    public ReadOnlyStringProperty discoveryNoteProperty() {
        return discoveryNote.getReadOnlyProperty();
    }

    public Path knownHostsFile() {
        return knownHosts.file();
    }
}
