package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mamori.core.admin.AccountAdmin;
import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminIdentity;
import dev.mamori.core.admin.AdminProtocol;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.Role;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.runtime.ServiceControl;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.DetectionFilter;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.QuarantineEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every admin command, one registry for the JSON subsystem and the shell: the role each needs, whether it changes
 * state (then it is audited, including refusals and failures), and whether it is allowed before a forced password
 * change. Commands are blocking (store queries, disk, waiting for a component update) and run on the connection's
 * own thread, never on an SSH I/O thread.
 */
public final class AdminCommands {
    private static final Logger LOG = LogManager.getLogger(AdminCommands.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    static final int DEFAULT_CHUNK = 256 * 1024;
    static final Duration COMPONENT_WAIT = Duration.ofMinutes(10);
    static final int LOG_TAIL_DEFAULT = 500;
    static final int LOG_TAIL_MAX = 2000;
    /** {@code stats.history}: at most a day of minutes for both protocols in one answer. */
    public static final int STATS_HISTORY_MAX = 24 * 60 * 2;
    /** {@code stats.scanTimes}: at most a day of minutes in one answer. */
    public static final int SCAN_TIMES_MAX = 24 * 60;

    /** What a command receives. */
    public record Call(AdminIdentity identity, JsonNode args, Subscriber subscriber) {
    }

    @FunctionalInterface
    interface Handler {
        Object handle(Call call) throws Exception;
    }

    /**
     * @param role            the least role allowed
     * @param changesState    audited (ok, denied, failed)
     * @param beforePasswordChange allowed while the account must still change its password
     */
    /**
     * A handler's answer with its own audit result, for commands whose refusal is an answer rather than an error
     * (an invalid {@code config.update} returns its problems but is audited as {@code failed}).
     */
    record Audited(Object result, String auditResult, String auditDetail) {
    }

    record Spec(String name, Role role, boolean changesState, boolean beforePasswordChange, String help,
                Handler handler) {
    }

    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final ProxyRuntime runtime;
    private final AdminAccounts accounts;
    private final AccountAdmin accountAdmin;
    private final ConfigView config;
    /** The server's log tail for {@code log.tail}, or null when none is kept. */
    private volatile dev.mamori.core.log.LogBuffer log;
    private final Supplier<List<Results.Listener>> listeners;
    private final Clock clock;
    private final Instant started;
    private final String serverName;
    private final String version;

    public AdminCommands(ProxyRuntime runtime, AdminAccounts accounts, ConfigView config,
                         Supplier<List<Results.Listener>> listeners, String serverName, String version, Clock clock) {
        this.runtime = runtime;
        this.accounts = accounts;
        this.accountAdmin = new AccountAdmin(accounts);
        this.config = config;
        this.listeners = listeners;
        this.serverName = serverName;
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
        register();
    }

    private void register() {
        add("hello", Role.VIEWER, false, true, "protocol version negotiation", this::hello);
        add("whoami", Role.VIEWER, false, true, "the account of this connection", c -> whoami(c.identity()));
        add("passwd", Role.VIEWER, true, true, "change your own password {old, new}", this::passwd);
        add("status", Role.VIEWER, false, false, "name, version, uptime, services, listeners, store", c -> status());
        add("service.enable", Role.ADMIN, true, false, "allow new connections {service: pop3|smtp}",
                c -> service(c, true));
        add("service.disable", Role.ADMIN, true, false, "refuse new connections {service: pop3|smtp}",
                c -> service(c, false));
        add("detections.list", Role.VIEWER, false, false, "newest detections {limit}", this::detections);
        add("detections.search", Role.VIEWER, false, false,
                "detections {from, to, protocol, threat, account, limit}", this::detections);
        add("tracking.search", Role.VIEWER, false, false,
                "tracked messages {from, to, account, sender, subject, messageId, limit}", this::tracking);
        add("quarantine.list", Role.VIEWER, false, false, "quarantined messages {status, limit}", this::quarantineList);
        add("quarantine.show", Role.VIEWER, false, false, "one entry {id}", c -> entry(requiredText(c, "id")));
        add("quarantine.release", Role.ADMIN, true, false, "deliver once at the next retrieval {id}", this::release);
        add("quarantine.delete", Role.ADMIN, true, false, "delete an entry and its message {id}", this::delete);
        add("quarantine.download", Role.ADMIN, true, false, "the original .eml, base64 {id, offset, length}",
                this::download);
        add("components.list", Role.VIEWER, false, false, "components and versions", c -> runtime.components().list());
        add("components.update", Role.ADMIN, true, false, "update now {component}", c -> component(c, true));
        add("components.rollback", Role.ADMIN, true, false, "back to the previous version {component}",
                c -> component(c, false));
        add("config.show", Role.VIEWER, false, false, "the configuration as loaded, secrets redacted",
                c -> config.show());
        add("config.reload", Role.ADMIN, true, false, "re-read and validate the file, apply what can be applied",
                c -> config.reload());
        add("config.update", Role.ADMIN, true, false,
                "validate a complete new configuration {yaml}; when valid write it (previous kept as .bak) and reload",
                this::configUpdate);
        add("log.tail", Role.VIEWER, false, false,
                "the server's newest log lines, redacted {after (sequence), limit (1-2000, default 500)}", this::logTail);
        add("stats.history", Role.VIEWER, false, false,
                "traffic per minute and protocol {protocol, from, to, limit (1-" + STATS_HISTORY_MAX
                        + ", default " + STATS_HISTORY_MAX + ")}", this::statsHistory);
        add("stats.scanTimes", Role.VIEWER, false, false,
                "scan times per minute from message tracking {from, to, limit (1-" + SCAN_TIMES_MAX + ", default "
                        + SCAN_TIMES_MAX + ")}", this::scanTimes);
        add("accounts.list", Role.ADMIN, false, false,
                "admin accounts: name, role, password yes/no, key fingerprints, forced change (never hashes)",
                c -> accountAdmin.list());
        add("accounts.add", Role.ADMIN, true, false,
                "add an account {name, role, password and/or authorizedKeys: [lines]}", this::accountAdd);
        add("accounts.update", Role.ADMIN, true, false,
                "change an account {name, role?, authorizedKeys?: [lines] (the complete new list)}", this::accountUpdate);
        add("accounts.remove", Role.ADMIN, true, false, "remove an account {name}", this::accountRemove);
        add("accounts.reset", Role.ADMIN, true, false,
                "set a temporary password to be changed at the next login {name, password}", this::accountReset);
        add("audit.list", Role.VIEWER, false, false, "administrator actions {from, to, actor, limit}", this::audit);
        add("subscribe", Role.VIEWER, false, false, "receive {topics: [stats, events]}", this::subscribe);
        add("unsubscribe", Role.VIEWER, false, false, "stop receiving {topics}", this::unsubscribe);
    }

    private void add(String name, Role role, boolean changesState, boolean beforePasswordChange, String help,
                     Handler handler) {
        specs.put(name, new Spec(name, role, changesState, beforePasswordChange, help, handler));
    }

    /** Serves {@code log.tail} from {@code buffer} (already redacted by {@code RingBufferAppender}). */
    public void useLog(dev.mamori.core.log.LogBuffer buffer) {
        this.log = buffer;
    }

    /** Command names with their least role and help, in registry order. */
    public List<String[]> help() {
        List<String[]> rows = new ArrayList<>();
        specs.values().forEach(s -> rows.add(new String[]{s.name(), s.role().word(), s.help()}));
        return rows;
    }

    /** Whether {@code command} changes state (and is audited). */
    public boolean changesState(String command) {
        Spec s = specs.get(command);
        return s != null && s.changesState();
    }

    /** The least role a command needs, for tests and help. */
    public Optional<Role> roleOf(String command) {
        return Optional.ofNullable(specs.get(command)).map(Spec::role);
    }

    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /** Runs one command for {@code who}: authorization, the forced password change, audit. */
    public Object execute(String command, Call call) throws AdminError {
        Spec spec = specs.get(command);
        AdminIdentity who = call.identity();
        if (spec == null) {
            throw new AdminError(AdminError.UNKNOWN_COMMAND, "unknown command '" + command + "'");
        }
        String target = targetOf(call.args());
        currentRole(who, command, spec.changesState(), target);
        if (who.mustChangePassword() && !spec.beforePasswordChange()) {
            if (spec.changesState()) {
                audit(who, command, target, "password change required first", "denied");
            }
            throw new AdminError(AdminError.PASSWORD_CHANGE_REQUIRED,
                    "the password of '" + who.user() + "' must be changed first (command passwd)");
        }
        if (spec.role() == Role.ADMIN && who.role() != Role.ADMIN) {
            audit(who, command, target, "role " + who.role().word(), "denied");
            throw new AdminError(AdminError.FORBIDDEN,
                    "'" + command + "' needs the admin role; '" + who.user() + "' is a " + who.role().word());
        }
        try {
            Object result = spec.handler().handle(call);
            if (result instanceof Audited a) {
                audit(who, command, target, a.auditDetail(), a.auditResult());
                return a.result();
            }
            if (spec.changesState()) {
                audit(who, command, target, null, "ok");
            }
            return result;
        } catch (AdminError e) {
            if (spec.changesState()) {
                audit(who, command, target, e.getMessage(), e.code().equals(AdminError.FORBIDDEN) ? "denied" : "failed");
            }
            throw e;
        } catch (Exception e) {
            LOG.warn("admin command {} by {} failed: {}", command, who.user(), e.toString());
            if (spec.changesState()) {
                audit(who, command, target, e.getMessage(), "failed");
            }
            throw new AdminError(AdminError.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Reads the account's role again, so a demoted or removed account loses its rights at its next command, not at
     * its next login. A file that cannot be read refuses the command (fail closed).
     */
    private void currentRole(AdminIdentity who, String command, boolean changesState, String target)
            throws AdminError {
        Optional<AdminAccount> now;
        try {
            now = accounts.find(who.user());
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin accounts file cannot be read: {}", e.toString());
            throw new AdminError(AdminError.INTERNAL, "the accounts file cannot be read; see the server log");
        }
        if (now.isEmpty()) {
            if (changesState) {
                audit(who, command, target, "account removed", "denied");
            }
            throw new AdminError(AdminError.FORBIDDEN, "the account '" + who.user() + "' was removed");
        }
        if (now.get().role() != who.role()) {
            LOG.info("admin account {} is now {} (was {} at login)", who.user(), now.get().role().word(),
                    who.role().word());
            who.roleChanged(now.get().role());
        }
    }

    /** Records an audit event (non-blocking). */
    public void audit(AdminIdentity who, String action, String target, String detail, String result) {
        String actor = who == null ? "-" : who.user();
        String where = who == null || who.remote() == null ? "" : " from " + who.remote();
        String d = detail == null ? (where.isEmpty() ? null : where.trim()) : detail + where;
        runtime.store().record(new AuditEvent(clock.instant(), actor, action, target, d, result));
        LOG.info("admin audit: {} {} {} -> {}", actor, action, target == null ? "" : target, result);
    }

    private static String targetOf(JsonNode args) {
        for (String key : List.of("id", "service", "component", "name")) {
            JsonNode v = args.get(key);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- handlers

    private dev.mamori.core.log.LogBuffer.Tail logTail(Call c) throws AdminError {
        if (log == null) {
            throw new AdminError(AdminError.FAILED, "this server keeps no log tail");
        }
        JsonNode after = c.args().get("after");
        if (after != null && !after.isNull() && !after.canConvertToLong()) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument 'after' must be a sequence number");
        }
        JsonNode limitArg = c.args().get("limit");
        int limit = LOG_TAIL_DEFAULT;
        if (limitArg != null && !limitArg.isNull()) {
            if (!limitArg.canConvertToInt() || limitArg.asInt() < 1 || limitArg.asInt() > LOG_TAIL_MAX) {
                throw new AdminError(AdminError.BAD_REQUEST, "argument 'limit' must be 1-" + LOG_TAIL_MAX);
            }
            limit = limitArg.asInt();
        }
        return log.since(after == null || after.isNull() ? 0 : after.asLong(), limit);
    }

    private Audited configUpdate(Call c) throws AdminError {
        Results.ConfigUpdate r = config.update(requiredText(c, "yaml"));
        if (r.accepted()) {
            String detail = r.restartRequired().isEmpty() ? null : "restart required: " + String.join(", ", r.restartRequired());
            return new Audited(r, "ok", detail);
        }
        return new Audited(r, "failed", r.problems().size() + " problem(s), nothing written; first at '"
                + r.problems().get(0).location() + "'");
    }

    private Audited accountAdd(Call c) throws AdminError, IOException {
        String password = text(c.args(), "password");
        Results.Account a = accountAdmin.add(requiredText(c, "name"), requiredText(c, "role"),
                password == null ? null : password.toCharArray(), textList(c.args(), "authorizedKeys"));
        return new Audited(a, "ok", AccountAdmin.auditDetail(a));
    }

    private Audited accountUpdate(Call c) throws AdminError, IOException {
        Results.Account a = accountAdmin.update(requiredText(c, "name"), text(c.args(), "role"),
                textList(c.args(), "authorizedKeys"), c.identity().user());
        return new Audited(a, "ok", AccountAdmin.auditDetail(a));
    }

    private Results.AccountRemoved accountRemove(Call c) throws AdminError, IOException {
        String name = requiredText(c, "name");
        accountAdmin.remove(name, c.identity().user());
        return new Results.AccountRemoved(name);
    }

    private Audited accountReset(Call c) throws AdminError, IOException {
        Results.Account a = accountAdmin.reset(requiredText(c, "name"), requiredText(c, "password").toCharArray(),
                c.identity().user());
        return new Audited(a, "ok", "temporary password, must change at next login");
    }

    /** A list of strings (null when absent). */
    static List<String> textList(JsonNode args, String key) throws AdminError {
        JsonNode v = args.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument '" + key + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual()) {
                throw new AdminError(AdminError.BAD_REQUEST, "argument '" + key + "' must be a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private Results.Hello hello(Call c) throws AdminError {
        JsonNode versions = c.args().get("versions");
        int chosen = -1;
        if (versions == null || versions.isNull()) {
            chosen = AdminProtocol.CURRENT_VERSION;
        } else if (versions.isArray()) {
            for (JsonNode v : versions) {
                if (v.canConvertToInt() && AdminProtocol.VERSIONS.contains(v.asInt())) {
                    chosen = Math.max(chosen, v.asInt());
                }
            }
        } else {
            throw new AdminError(AdminError.BAD_REQUEST, "'versions' must be a list of numbers");
        }
        if (chosen < 0) {
            throw new AdminError(AdminError.UNSUPPORTED_VERSION, "no common protocol version; this server speaks "
                    + AdminProtocol.VERSIONS);
        }
        AdminIdentity who = c.identity();
        return new Results.Hello(chosen, serverName, version, who.user(), who.role().word(), who.mustChangePassword());
    }

    private static Results.WhoAmI whoami(AdminIdentity who) {
        return new Results.WhoAmI(who.user(), who.role().word(), who.method(), who.remote(), who.mustChangePassword());
    }

    private Results.PasswordChanged passwd(Call c) throws AdminError, IOException {
        AdminIdentity who = c.identity();
        String oldPassword = requiredText(c, "old");
        String newPassword = requiredText(c, "new");
        var account = accounts.find(who.user())
                .orElseThrow(() -> new AdminError(AdminError.NOT_FOUND, "the account was removed"));
        if (!PasswordHash.verify(oldPassword.toCharArray(), account.passwordHash())) {
            throw new AdminError(AdminError.WRONG_PASSWORD, "the current password is wrong");
        }
        if (oldPassword.equals(newPassword)) {
            throw new AdminError(AdminError.BAD_REQUEST, "the new password must differ from the current one");
        }
        String weak = PasswordHash.weakness(newPassword.toCharArray());
        if (weak != null) {
            throw new AdminError(AdminError.BAD_REQUEST, weak);
        }
        accounts.setPassword(who.user(), newPassword.toCharArray());
        who.passwordChanged();
        return new Results.PasswordChanged(who.user());
    }

    public Results.Status status() {
        Map<String, Boolean> services = new LinkedHashMap<>();
        for (ServiceControl.Service s : ServiceControl.Service.values()) {
            services.put(s.word(), runtime.services().isEnabled(s));
        }
        var store = runtime.store();
        Instant now = clock.instant();
        return new Results.Status(serverName, version, started, Duration.between(started, now).toSeconds(), services,
                listeners.get(), new Results.StoreCounters(store.writtenEvents(), store.droppedEvents(),
                store.failedEvents(), store.queuedEvents()), runtime.events().droppedEvents());
    }

    private Results.ServiceState service(Call c, boolean on) throws AdminError {
        String word = requiredText(c, "service");
        ServiceControl.Service service;
        try {
            service = ServiceControl.Service.of(word);
        } catch (IllegalArgumentException e) {
            throw new AdminError(AdminError.BAD_REQUEST, "unknown service '" + word + "' (allowed: pop3, smtp)");
        }
        boolean changed = runtime.services().setEnabled(service, on, c.identity().user());
        LOG.info("admin {}: {} {}", c.identity().user(), service.word(), on ? "enabled" : "disabled");
        return new Results.ServiceState(service.word(), on, changed);
    }

    private Object detections(Call c) throws AdminError {
        JsonNode a = c.args();
        return runtime.store().queries().recentDetections(new DetectionFilter(instant(a, "from"), instant(a, "to"),
                lower(text(a, "protocol")), text(a, "threat"), text(a, "account"), limit(a)));
    }

    private Object tracking(Call c) throws AdminError {
        JsonNode a = c.args();
        return runtime.store().queries().searchMessages(new MessageSearch(instant(a, "from"), instant(a, "to"),
                text(a, "account"), text(a, "sender"), text(a, "subject"), text(a, "messageId"), limit(a)));
    }

    private Object quarantineList(Call c) throws AdminError, IOException {
        String status = text(c.args(), "status");
        QuarantineEntry.Status wanted = null;
        if (status != null) {
            try {
                wanted = QuarantineEntry.Status.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new AdminError(AdminError.BAD_REQUEST,
                        "unknown status '" + status + "' (allowed: quarantined, released, delivered)");
            }
        }
        int limit = limit(c.args());
        QuarantineEntry.Status w = wanted;
        return runtime.quarantine().list().stream().filter(e -> w == null || e.status() == w).limit(limit).toList();
    }

    private QuarantineEntry entry(String id) throws AdminError, IOException {
        return runtime.quarantine().get(id)
                .orElseThrow(() -> new AdminError(AdminError.NOT_FOUND, "no quarantined message " + id));
    }

    private Results.QuarantineChange release(Call c) throws AdminError, IOException {
        String id = requiredText(c, "id");
        QuarantineEntry e = entry(id);
        if (e.status() != QuarantineEntry.Status.QUARANTINED) {
            throw new AdminError(AdminError.FAILED, id + " is " + e.status().name().toLowerCase(Locale.ROOT)
                    + " already");
        }
        QuarantineEntry released = runtime.quarantine().release(id);
        runtime.store().record(new QuarantineEvent.StatusChanged(id, clock.instant(), "released"));
        return new Results.QuarantineChange(id, released.status().name().toLowerCase(Locale.ROOT));
    }

    private Results.QuarantineChange delete(Call c) throws AdminError, IOException {
        String id = requiredText(c, "id");
        if (!runtime.quarantine().delete(id)) {
            throw new AdminError(AdminError.NOT_FOUND, "no quarantined message " + id);
        }
        runtime.store().record(new QuarantineEvent.StatusChanged(id, clock.instant(), "deleted"));
        return new Results.QuarantineChange(id, "deleted");
    }

    private Results.QuarantineChunk download(Call c) throws AdminError, IOException {
        String id = requiredText(c, "id");
        QuarantineEntry e = entry(id);
        long offset = c.args().path("offset").asLong(0);
        int length = c.args().path("length").asInt(DEFAULT_CHUNK);
        if (offset < 0 || offset > e.size()) {
            throw new AdminError(AdminError.BAD_REQUEST, "offset " + offset + " is outside 0.." + e.size());
        }
        if (length < 1 || length > AdminProtocol.MAX_CHUNK_BYTES) {
            throw new AdminError(AdminError.BAD_REQUEST, "length must be 1.." + AdminProtocol.MAX_CHUNK_BYTES);
        }
        byte[] data;
        try (InputStream in = runtime.quarantine().open(id)) {
            in.skipNBytes(offset);
            data = in.readNBytes((int) Math.min(length, e.size() - offset));
        }
        boolean eof = offset + data.length >= e.size();
        return new Results.QuarantineChunk(id, offset, e.size(), Base64.getEncoder().encodeToString(data), eof);
    }

    private ComponentStatus component(Call c, boolean update) throws Exception {
        String name = requiredText(c, "component");
        if (runtime.components().list().stream().noneMatch(s -> s.name().equals(name))) {
            throw new AdminError(AdminError.NOT_FOUND, "no component '" + name + "'");
        }
        var stage = update ? runtime.components().updateNow(name, c.identity().user())
                : runtime.components().rollback(name, c.identity().user());
        try {
            return stage.toCompletableFuture().get(COMPONENT_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new AdminError(AdminError.FAILED, cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (TimeoutException e) {
            throw new AdminError(AdminError.FAILED, (update ? "update" : "rollback") + " of " + name
                    + " did not finish within " + COMPONENT_WAIT.toMinutes() + " minutes; it goes on in the background");
        }
    }

    private Object statsHistory(Call c) throws AdminError {
        JsonNode a = c.args();
        String protocol = lower(text(a, "protocol"));
        if (protocol != null && !protocol.equals("pop3") && !protocol.equals("smtp")) {
            throw new AdminError(AdminError.BAD_REQUEST, "unknown protocol '" + protocol + "' (allowed: pop3, smtp)");
        }
        Instant from = instant(a, "from");
        Instant to = instant(a, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new AdminError(AdminError.BAD_REQUEST, "'from' must be before 'to'");
        }
        return runtime.store().queries().statsHistory(protocol, from, to, boundedLimit(a, STATS_HISTORY_MAX));
    }

    private Object scanTimes(Call c) throws AdminError {
        JsonNode a = c.args();
        Instant from = instant(a, "from");
        Instant to = instant(a, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new AdminError(AdminError.BAD_REQUEST, "'from' must be before 'to'");
        }
        return runtime.store().queries().scanTimesPerMinute(from, to, boundedLimit(a, SCAN_TIMES_MAX));
    }

    /** {@code limit} from 1 to {@code max}; {@code max} when missing. */
    private static int boundedLimit(JsonNode args, int max) throws AdminError {
        JsonNode v = args.get("limit");
        if (v == null || v.isNull()) {
            return max;
        }
        if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > max) {
            throw new AdminError(AdminError.BAD_REQUEST, "'limit' must be 1.." + max);
        }
        return v.asInt();
    }

    private Object audit(Call c) throws AdminError {
        JsonNode a = c.args();
        return runtime.store().queries().auditLog(instant(a, "from"), instant(a, "to"), text(a, "actor"), limit(a));
    }

    private Results.Subscribed subscribe(Call c) throws AdminError {
        if (c.subscriber() == null) {
            throw new AdminError(AdminError.BAD_REQUEST, "subscriptions are available on the mamori-admin subsystem only");
        }
        return new Results.Subscribed(c.subscriber().subscribe(topics(c.args())));
    }

    private Results.Subscribed unsubscribe(Call c) throws AdminError {
        if (c.subscriber() == null) {
            throw new AdminError(AdminError.BAD_REQUEST, "subscriptions are available on the mamori-admin subsystem only");
        }
        return new Results.Subscribed(c.subscriber().unsubscribe(topics(c.args())));
    }

    private static List<String> topics(JsonNode args) throws AdminError {
        JsonNode t = args.get("topics");
        if (t == null || t.isNull()) {
            return List.of();
        }
        if (!t.isArray()) {
            throw new AdminError(AdminError.BAD_REQUEST, "'topics' must be a list (allowed: stats, events)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : t) {
            String topic = n.asText();
            if (!topic.equals(AdminProtocol.TOPIC_STATS) && !topic.equals(AdminProtocol.TOPIC_EVENTS)) {
                throw new AdminError(AdminError.BAD_REQUEST, "unknown topic '" + topic + "' (allowed: stats, events)");
            }
            out.add(topic);
        }
        return out;
    }

    // ---------------------------------------------------------------- arguments

    static String requiredText(Call c, String key) throws AdminError {
        String v = text(c.args(), key);
        if (v == null || v.isBlank()) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument '" + key + "' is required");
        }
        return v;
    }

    static String text(JsonNode args, String key) throws AdminError {
        JsonNode v = args.get(key);
        if (v == null || v instanceof NullNode) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument '" + key + "' must be a string");
        }
        return v.asText();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static Instant instant(JsonNode args, String key) throws AdminError {
        String v = text(args, key);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument '" + key + "' must be an ISO-8601 instant such as"
                    + " 2026-11-25T14:00:00Z, not '" + v + "'");
        }
    }

    static int limit(JsonNode args) throws AdminError {
        JsonNode v = args.get("limit");
        if (v == null || v.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > MAX_LIMIT) {
            throw new AdminError(AdminError.BAD_REQUEST, "'limit' must be 1.." + MAX_LIMIT);
        }
        return v.asInt();
    }
}
