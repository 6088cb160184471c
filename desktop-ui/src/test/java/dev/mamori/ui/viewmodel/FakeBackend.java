package dev.mamori.ui.viewmodel;

import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.core.log.LogLine;
import dev.mamori.ui.backend.Pulse;
import dev.mamori.ui.backend.ServerInfo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A backend whose data the test sets and whose feeds the test drives; calls complete at once unless told otherwise. */
final class FakeBackend implements DashboardBackend {
    final List<Consumer<Pulse>> pulses = new CopyOnWriteArrayList<>();
    final List<Consumer<MamoriEvent>> events = new CopyOnWriteArrayList<>();
    final List<Consumer<List<LogLine>>> logs = new CopyOnWriteArrayList<>();
    final Map<Service, Boolean> services = new EnumMap<>(Map.of(Service.POP3, true, Service.SMTP, true));
    final List<String> actions = new ArrayList<>();
    volatile List<StoredMessage> messages = List.of();
    volatile List<QuarantineEntry> quarantine = List.of();
    volatile List<ComponentStatus> components = List.of();
    volatile CompletableFuture<ComponentStatus> componentAnswer;
    volatile RuntimeException failQuarantine;
    volatile boolean configEditable;
    /** The configuration text the fake server shows (its "masked file"). */
    volatile String configText = "server:\n  name: test";
    volatile CompletableFuture<dev.mamori.ui.backend.ConfigUpdateResult> configAnswer;

    @Override
    public ServerInfo serverInfo() {
        return new ServerInfo("test", "1.0", "embedded", "/tmp/data", started,
                List.of(new ServerInfo.ListenerInfo("pop3", "generic", "generic", "127.0.0.1:11110", "starttls", null)));
    }

    @Override
    public boolean serviceEnabled(Service service) {
        return services.get(service);
    }

    @Override
    public CompletionStage<Boolean> setServiceEnabled(Service service, boolean enabled, String actor) {
        actions.add("service " + service.word() + " " + enabled + " by " + actor);
        boolean changed = services.put(service, enabled) != enabled;
        return CompletableFuture.completedFuture(changed);
    }

    @Override
    public AutoCloseable onPulse(Consumer<Pulse> consumer) {
        pulses.add(consumer);
        return () -> pulses.remove(consumer);
    }

    @Override
    public AutoCloseable onEvent(Consumer<MamoriEvent> consumer) {
        events.add(consumer);
        return () -> events.remove(consumer);
    }

    void pulse(Pulse p) {
        pulses.forEach(c -> c.accept(p));
    }

    void event(MamoriEvent e) {
        events.forEach(c -> c.accept(e));
    }

    @Override
    public CompletionStage<List<StoredMessage>> searchMessages(MessageSearch search) {
        return CompletableFuture.completedFuture(messages);
    }

    @Override
    public CompletionStage<List<QuarantineEntry>> quarantine() {
        return failQuarantine != null ? CompletableFuture.failedFuture(failQuarantine) : CompletableFuture.completedFuture(quarantine);
    }

    @Override
    public CompletionStage<QuarantineEntry> release(String quarantineId, String actor) {
        actions.add("release " + quarantineId + " by " + actor);
        return CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    }

    @Override
    public CompletionStage<Boolean> delete(String quarantineId, String actor) {
        actions.add("delete " + quarantineId + " by " + actor);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Long> export(String quarantineId, Path target, String actor) {
        actions.add("export " + quarantineId + " to " + target);
        return CompletableFuture.completedFuture(10L);
    }

    @Override
    public CompletionStage<List<ComponentStatus>> components() {
        return CompletableFuture.completedFuture(components);
    }

    @Override
    public CompletionStage<ComponentStatus> updateComponent(String component, String actor) {
        actions.add("update " + component + " by " + actor);
        return componentAnswer;
    }

    @Override
    public CompletionStage<ComponentStatus> rollbackComponent(String component, String actor) {
        actions.add("rollback " + component + " by " + actor);
        return componentAnswer;
    }

    @Override
    public CompletionStage<ConfigView> configuration() {
        return CompletableFuture.completedFuture(new ConfigView(configEditable ? "mamori.yaml" : null, List.of(),
                configText, configEditable));
    }

    @Override
    public CompletionStage<dev.mamori.ui.backend.ConfigUpdateResult> updateConfiguration(String yaml, String actor) {
        actions.add("update config by " + actor + ": " + yaml);
        return configAnswer;
    }

    /** The accounts the fake server has; changes complete with {@link #accountAnswer} when set, else at once. */
    final List<dev.mamori.core.admin.Results.Account> accounts = new CopyOnWriteArrayList<>();
    volatile RuntimeException failAccounts;
    volatile CompletableFuture<Void> accountAnswer;

    @Override
    public CompletionStage<List<dev.mamori.core.admin.Results.Account>> accounts() {
        return failAccounts != null ? CompletableFuture.failedFuture(failAccounts)
                : CompletableFuture.completedFuture(List.copyOf(accounts));
    }

    private <T> CompletionStage<T> accountChange(java.util.function.Supplier<T> change) {
        if (accountAnswer == null) {
            return CompletableFuture.completedFuture(change.get());
        }
        return accountAnswer.thenApply(v -> change.get());
    }

    @Override
    public CompletionStage<dev.mamori.core.admin.Results.Account> addAccount(String name, String role, char[] password,
                                                                           List<String> keys, String actor) {
        actions.add("add account " + name + " " + role + " password=" + (password != null) + " keys=" + keys
                + " by " + actor);
        return accountChange(() -> {
            var a = new dev.mamori.core.admin.Results.Account(name, role, password != null, keys.stream()
                    .map(k -> new dev.mamori.core.admin.Results.AccountKey("ssh-ed25519", "SHA256:x", "", k)).toList(),
                    false);
            accounts.add(a);
            return a;
        });
    }

    @Override
    public CompletionStage<dev.mamori.core.admin.Results.Account> updateAccount(String name, String role,
                                                                              List<String> keys, String actor) {
        actions.add("update account " + name + " " + role + " keys=" + keys + " by " + actor);
        return accountChange(() -> null);
    }

    @Override
    public CompletionStage<Void> removeAccount(String name, String actor) {
        actions.add("remove account " + name + " by " + actor);
        return accountChange(() -> {
            accounts.removeIf(a -> a.name().equals(name));
            return null;
        });
    }

    @Override
    public CompletionStage<dev.mamori.core.admin.Results.Account> resetPassword(String name, char[] password,
                                                                              String actor) {
        actions.add("reset account " + name + " password=" + new String(password) + " by " + actor);
        return accountChange(() -> null);
    }

    @Override
    public AutoCloseable onLog(Consumer<List<LogLine>> consumer) {
        logs.add(consumer);
        return () -> logs.remove(consumer);
    }

    @Override
    public void close() {
    }

    /** Store reads for the chart history: the requested spans, and the answer each gets (set by the test). */
    final List<Instant[]> historyReads = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<List<dev.mamori.core.store.StatsMinute>>> historyAnswers = new CopyOnWriteArrayList<>();
    volatile Instant started = Instant.EPOCH;

    @Override
    public CompletionStage<List<dev.mamori.core.store.StatsMinute>> statsHistory(Instant from, Instant to) {
        historyReads.add(new Instant[] {from, to});
        CompletableFuture<List<dev.mamori.core.store.StatsMinute>> answer = new CompletableFuture<>();
        historyAnswers.add(answer);
        return answer;
    }

    final List<CompletableFuture<List<dev.mamori.core.store.ScanMinute>>> scanAnswers = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<List<dev.mamori.core.store.ScanMinute>> scanTimes(Instant from, Instant to) {
        CompletableFuture<List<dev.mamori.core.store.ScanMinute>> answer = new CompletableFuture<>();
        scanAnswers.add(answer);
        return answer;
    }
}
