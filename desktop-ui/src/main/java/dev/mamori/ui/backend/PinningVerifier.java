package dev.mamori.ui.backend;

import dev.mamori.core.admin.client.HostKeyRejectedException;
import dev.mamori.core.admin.client.HostKeyVerifier;
import dev.mamori.core.admin.client.KnownHosts;

import java.security.PublicKey;
import java.util.function.BiPredicate;

/**
 * Host key pinning with a question on first use: a server already in the known hosts file must present the pinned key
 * (a different one is refused with both fingerprints, whatever the user would answer); an unknown server is pinned
 * only when {@code confirm} (given {@code host:port} and the fingerprint) answers yes. {@code confirm} is called on the
 * connecting thread and may block until the user has answered.
 */
public final class PinningVerifier implements HostKeyVerifier {
    private final KnownHosts knownHosts;
    private final BiPredicate<String, String> confirm;

    public PinningVerifier(KnownHosts knownHosts, BiPredicate<String, String> confirm) {
        this.knownHosts = knownHosts;
        this.confirm = confirm;
    }

    @Override
    public void verify(String host, int port, PublicKey key) throws HostKeyRejectedException {
        String fingerprint = HostKeyVerifier.fingerprint(key);
        String pinned;
        try {
            pinned = knownHosts.pinned(host, port);
        } catch (RuntimeException e) {
            throw new HostKeyRejectedException("cannot read the known hosts file " + knownHosts.file() + ": "
                    + e.getMessage());
        }
        if (pinned == null && !confirm.test(host + ":" + port, fingerprint)) {
            throw new HostKeyRejectedException("the host key " + fingerprint + " of " + host + ":" + port
                    + " was not trusted; not connected");
        }
        knownHosts.verify(host, port, key); // pins a confirmed new key; refuses a changed one naming both fingerprints
    }
}
