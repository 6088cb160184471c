package dev.mamori.core.config;

import java.nio.file.Path;

/**
 * Mamori's own certificate for STLS/STARTTLS and implicit-TLS listeners. When both are absent a self-signed
 * certificate is generated in {@code <dataDir>/tls/} on first start and its SHA-256 fingerprint is logged.
 *
 * @param certificate PEM certificate chain
 * @param privateKey  PEM PKCS#8 private key
 */
public record TlsSettings(Path certificate, Path privateKey) {
    public TlsSettings {
        if ((certificate == null) != (privateKey == null)) {
            throw new InvalidFieldException(certificate == null ? "certificate" : "privateKey",
                    "is missing (certificate and privateKey are given together, or neither for a generated self-signed certificate)");
        }
    }

    public static TlsSettings defaults() {
        return new TlsSettings(null, null);
    }
}
