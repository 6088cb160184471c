package dev.mamori.ui.backend;

import dev.mamori.core.admin.Results;
import dev.mamori.core.log.LogLine;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Everything the dashboard reads from and does to one Mamori server, whether it runs in this process
 * ({@link EmbeddedBackend}) or elsewhere (the remote adapter over the admin channel). No JavaFX type appears here.
 *
 * <p>Threading: methods returning a {@link CompletionStage} never block the caller; the stage completes on a backend
 * thread. Feeds ({@link #onPulse}, {@link #onEvent}, {@link #onLog}) call their consumer on a backend thread, which
 * must return quickly (the view-models coalesce before touching the UI). Every action names its actor for the audit
 * log.
 */
public interface DashboardBackend extends AutoCloseable {

    /** Name, version, mode and listeners of the server; cheap and non-blocking. */
    ServerInfo serverInfo();

    /** Whether the protocol accepts new sessions now ("allow POP3 connections"). Non-blocking. */
    boolean serviceEnabled(Service service);

    /** Switches a protocol on or off; completes with whether anything changed. */
    CompletionStage<Boolean> setServiceEnabled(Service service, boolean enabled, String actor);

    /**
     * Subscribes to the once-a-second pulse: traffic totals, today's counters and the scan time of the last second.
     * The returned handle ends the subscription.
     */
    AutoCloseable onPulse(Consumer<Pulse> consumer);

    /** Subscribes to the live event feed (detections, service and component changes, alerts). */
    AutoCloseable onEvent(Consumer<MamoriEvent> consumer);

    /** Tracked messages matching {@code search}, newest first, each with its detections. */
    CompletionStage<List<StoredMessage>> searchMessages(MessageSearch search);

    /** Quarantined originals, newest first. */
    CompletionStage<List<QuarantineEntry>> quarantine();

    /** Releases an entry (the next retrieval delivers the original unchanged); audited. */
    CompletionStage<QuarantineEntry> release(String quarantineId, String actor);

    /** Deletes an entry and its original; completes with false when it did not exist; audited. */
    CompletionStage<Boolean> delete(String quarantineId, String actor);

    /** Writes the original bytes (.eml) to {@code target} on this machine; completes with the bytes written. */
    CompletionStage<Long> export(String quarantineId, Path target, String actor);

    /** Components with their versions, checks and schedule. */
    CompletionStage<List<ComponentStatus>> components();

    /** Checks the component's update source now and installs what is newer; fails with the reason. */
    CompletionStage<ComponentStatus> updateComponent(String component, String actor);

    /** Goes back to the previous kept version; fails with the reason. */
    CompletionStage<ComponentStatus> rollbackComponent(String component, String actor);

    /** The settings a small site changes, summarised, and the raw configuration with secrets masked. */
    CompletionStage<ConfigView> configuration();

    /**
     * Sends the complete new configuration text for the server to validate and, when valid, write and reload
     * ({@code ConfigView.update} in proxy-core, over {@code config.update} for a remote server). Problems complete
     * normally as a not-accepted result; the stage fails only when the server could not be asked or failed (a refused
     * role, a file that cannot be written, engines that cannot be loaded).
     */
    CompletionStage<ConfigUpdateResult> updateConfiguration(String yaml, String actor);

    /**
     * The admin channel's accounts (name, role, password yes/no, key fingerprints, forced change; never a hash). Fails
     * with the reason when this server's accounts cannot be managed from here (the admin channel is off, or the
     * remote account is not an administrator).
     */
    CompletionStage<List<Results.Account>> accounts();

    /**
     * Adds an account with a password (null: key-only) and/or OpenSSH public key lines. The server validates
     * (proxy-core's {@code AccountAdmin}) and audits; a refusal fails the stage with the server's reason.
     */
    CompletionStage<Results.Account> addAccount(String name, String role, char[] password, List<String> authorizedKeys,
                                                String actor);

    /** Changes the role and/or replaces the authorized keys (null leaves that part); validated and audited. */
    CompletionStage<Results.Account> updateAccount(String name, String role, List<String> authorizedKeys, String actor);

    /** Removes an account (never the last administrator, never one's own); audited. */
    CompletionStage<Void> removeAccount(String name, String actor);

    /** Sets a temporary password that must be changed at the account's next password login; audited. */
    CompletionStage<Results.Account> resetPassword(String name, char[] password, String actor);

    /** The log lines kept so far (oldest first, bounded) and then each new line as it is written. */
    AutoCloseable onLog(Consumer<List<LogLine>> consumer);

    /**
     * Whether {@link #onLog} carries the server's log. A remote server without {@code log.tail} (an older version, or
     * one started without the log ring) has none: the log screen then says so instead of showing an empty tail.
     */
    default boolean logAvailable() {
        return true;
    }

    /**
     * Subscribes to the loss of the server: the consumer gets the reason once, on a backend thread, when the
     * connection to a remote server ends. An embedded server cannot be lost, so the default never calls it.
     */
    default AutoCloseable onDisconnected(Consumer<String> consumer) {
        return () -> { };
    }

    /** Ends subscriptions and background work of this backend (an embedded server is closed by its owner). */
    @Override
    void close();

    // ---------------------------------------------------------------- chart history (issue 7)

    /**
     * Traffic per minute and protocol from the server's event store ({@code StoreQueries.statsHistory}, over
     * {@code stats.history} for a remote server): rows with {@code from <= minute < to}, oldest first, at most
     * {@link #STATS_HISTORY_ROWS} (the newest when more match). A minute without traffic has no row, and the minute in
     * progress has none until it ends.
     */
    CompletionStage<List<dev.mamori.core.store.StatsMinute>> statsHistory(java.time.Instant from, java.time.Instant to);

    /** The most rows {@link #statsHistory} returns: a day of minutes for both protocols. */
    int STATS_HISTORY_ROWS = dev.mamori.core.admin.server.AdminCommands.STATS_HISTORY_MAX;

    /**
     * Scan times per minute of the messages tracked with {@code from <= time < to} ({@code StoreQueries
     * .scanTimesPerMinute}, over {@code stats.scanTimes} for a remote server), oldest first, at most
     * {@link #SCAN_TIMES_ROWS} (the newest when more match). A minute without messages has no row.
     */
    CompletionStage<List<dev.mamori.core.store.ScanMinute>> scanTimes(java.time.Instant from, java.time.Instant to);

    /** The most rows {@link #scanTimes} returns: a day of minutes. */
    int SCAN_TIMES_ROWS = dev.mamori.core.admin.server.AdminCommands.SCAN_TIMES_MAX;
}
