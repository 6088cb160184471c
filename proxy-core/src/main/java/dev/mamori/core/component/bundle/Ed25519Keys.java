package dev.mamori.core.component.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys (JDK provider) in the files and config values Mamori uses:
 * <ul>
 *   <li>private key: PEM {@code PRIVATE KEY} (PKCS#8), written owner-only;</li>
 *   <li>public key: PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo);</li>
 *   <li>a trusted key in the config ({@code updates.trustedKeys}): the PEM text, the base64 of the
 *       SubjectPublicKeyInfo (the line between the PEM markers, what {@code mamori bundle keygen} prints), or the
 *       base64 of the 32 raw key bytes.</li>
 * </ul>
 * A key's id is the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo; signatures name the key by id.
 */
public final class Ed25519Keys {
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single base64 line for {@code updates.trustedKeys}. */
    public static String configValue(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes the private key owner-only (where the file system has POSIX permissions); refuses to overwrite. */
    public static void writePrivate(Path file, PrivateKey key) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, privatePem(key), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY", file.toString());
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return parsePublic(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** A public key from PEM text, base64 SubjectPublicKeyInfo or base64 raw key bytes. */
    public static PublicKey parsePublic(String text) throws GeneralSecurityException {
        String t = text.strip();
        byte[] der;
        if (t.startsWith("-----BEGIN")) {
            der = pemBody(t, "PUBLIC KEY", "key");
        } else {
            try {
                der = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("not a PEM public key or base64: " + e.getMessage());
            }
            if (der.length == 32) {
                byte[] spki = new byte[SPKI_PREFIX.length + 32];
                System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
                System.arraycopy(der, 0, spki, SPKI_PREFIX.length, 32);
                der = spki;
            }
        }
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
            throw new GeneralSecurityException("not an Ed25519 key: " + key.getAlgorithm());
        }
        return key;
    }

    private static byte[] pemBody(String text, String type, String source) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new GeneralSecurityException(source + ": no PEM block '" + type + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new GeneralSecurityException(source + ": bad base64 in the PEM block");
        }
    }
}
