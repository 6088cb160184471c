package dev.mamori.core.component.bundle;

/**
 * A bundle or index was refused. The message is the reason an administrator reads in the status, the event log and
 * the CLI, e.g. {@code bad signature: manifest.json is not signed by key 3f2a...}.
 */
public final class BundleException extends Exception {
    public BundleException(String reason) {
        super(reason);
    }

    public BundleException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
