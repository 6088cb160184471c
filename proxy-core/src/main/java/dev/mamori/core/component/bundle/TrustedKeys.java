package dev.mamori.core.component.bundle;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The publisher keys a server accepts ({@code updates.trustedKeys}); more than one during a key rotation. */
public final class TrustedKeys {
    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = byId;
    }

    public static TrustedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            m.put(Ed25519Keys.keyId(k), k);
        }
        return new TrustedKeys(Map.copyOf(m));
    }

    /** Parses config values (see {@link Ed25519Keys#parsePublic}); the message names the entry that is wrong. */
    public static TrustedKeys parse(List<String> values) {
        List<PublicKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                keys.add(Ed25519Keys.parsePublic(values.get(i)));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("trustedKeys[" + i + "]: not an Ed25519 public key: " + e.getMessage());
            }
        }
        return of(keys);
    }

    public Optional<PublicKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return byId.keySet().stream().sorted().toList();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }
}
