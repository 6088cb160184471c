package dev.mamori.core.component.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ed25519 signature over exact bytes (a manifest or an index), stored as one text line:
 * {@code ed25519 KEYID BASE64SIGNATURE}. The key id lets a verifier with several trusted keys (rotation) pick the
 * right one and name an unknown signer in its refusal.
 */
public record DetachedSignature(String keyId, byte[] signature) {
    static final int MAX_TEXT = 512;
    private static final Pattern LINE = Pattern.compile("ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/]{86}==)\\n?");

    public static DetachedSignature sign(byte[] data, PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(data);
        return new DetachedSignature(Ed25519Keys.keyId(publicKey), s.sign());
    }

    public static DetachedSignature parse(byte[] text, String what) throws BundleException {
        if (text.length > MAX_TEXT) {
            throw new BundleException("wrong format: " + what + " is " + text.length + " bytes, not a signature line");
        }
        Matcher m = LINE.matcher(new String(text, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            throw new BundleException("wrong format: " + what + " is not 'ed25519 KEYID BASE64'");
        }
        return new DetachedSignature(m.group(1), Base64.getDecoder().decode(m.group(2)));
    }

    public byte[] encode() {
        return ("ed25519 " + keyId + " " + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Verifies with the trusted key this signature names; the exception says which check failed. */
    public void verify(byte[] data, TrustedKeys keys, String what) throws BundleException {
        PublicKey key = keys.byId(keyId).orElseThrow(() -> new BundleException(
                "untrusted key: " + what + " is signed by key " + keyId + ", which is not in updates.trustedKeys ("
                        + String.join(", ", keys.ids()) + ")"));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            if (!s.verify(signature)) {
                throw new BundleException("bad signature: " + what + " does not verify with key " + keyId
                        + " (the content was changed after signing)");
            }
        } catch (GeneralSecurityException e) {
            throw new BundleException("bad signature: " + what + ": " + e.getMessage(), e);
        }
    }
}
