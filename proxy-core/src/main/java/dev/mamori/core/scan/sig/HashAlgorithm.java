package dev.mamori.core.scan.sig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The whole-item hashes ClamAV hash databases use, told apart by their length. */
enum HashAlgorithm {
    MD5("MD5", 16),
    SHA1("SHA-1", 20),
    SHA256("SHA-256", 32);

    private final String jdkName;
    private final int length;

    HashAlgorithm(String jdkName, int length) {
        this.jdkName = jdkName;
        this.length = length;
    }

    int length() {
        return length;
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " is a mandatory JDK algorithm", e);
        }
    }

    static HashAlgorithm ofHexLength(int hexDigits) {
        for (HashAlgorithm a : values()) {
            if (a.length * 2 == hexDigits) {
                return a;
            }
        }
        return null;
    }
}
