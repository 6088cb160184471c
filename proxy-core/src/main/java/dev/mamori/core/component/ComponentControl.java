package dev.mamori.core.component;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The components of a running server as the admin channel, the CLI and the dashboard see them. Update and rollback are
 * asynchronous: the stage completes with the new status once the change is in effect or has failed (then the status
 * is {@code FAILED} with the reason, and the running component stays). Every call names the actor for the audit log.
 */
public interface ComponentControl {
    List<ComponentStatus> list();

    /** Checks the source now and installs a newer version if there is one. */
    CompletionStage<ComponentStatus> updateNow(String component, String actor);

    /** Goes back to the previous kept version and pins it until the next explicit update. */
    CompletionStage<ComponentStatus> rollback(String component, String actor);
}
