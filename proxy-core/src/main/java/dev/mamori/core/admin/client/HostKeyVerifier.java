package dev.mamori.core.admin.client;

import org.apache.sshd.common.config.keys.KeyUtils;

import java.security.PublicKey;

/**
 * Decides whether the server presenting {@code key} is the one the caller means. Return normally to accept; throw
 * {@link HostKeyRejectedException} with a message for the user to refuse. {@link KnownHosts} pins keys on first use.
 */
@FunctionalInterface
public interface HostKeyVerifier {
    void verify(String host, int port, PublicKey key) throws HostKeyRejectedException;

    /** {@code SHA256:base64}, as OpenSSH and the server's log print it. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(KeyUtils.getDefaultFingerPrintFactory(), key);
    }

    /** Accepts exactly the key with this fingerprint (e.g. read from the server log or the mDNS record). */
    static HostKeyVerifier fingerprint(String expected) {
        return (host, port, key) -> {
            String actual = fingerprint(key);
            if (!actual.equals(expected)) {
                throw new HostKeyRejectedException("host key of " + host + ":" + port + " is " + actual
                        + ", expected " + expected);
            }
        };
    }
}
