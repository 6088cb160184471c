package dev.mamori.core.scan.sig;

/**
 * Parses one hash line, {@code hash:size:name[:minfl[:maxfl]]}. {@code .hdb} files hold MD5 hashes, {@code .hsb} files
 * SHA-1 or SHA-256 (MD5 is accepted there too, as ClamAV does); the size may be {@code *}.
 */
final class HashLineParser {
    private HashLineParser() {
    }

    static HashSignature parse(String line, SignatureFormat format) throws InvalidSignatureException {
        String[] fields = line.split(":", -1);
        if (fields.length < 3 || fields.length > 5) {
            throw InvalidSignatureException.malformed("expected hash:size:name[:flevel], found " + fields.length
                    + " fields");
        }
        String hex = fields[0];
        HashAlgorithm algorithm = HashAlgorithm.ofHexLength(hex.length());
        if (algorithm == null) {
            throw InvalidSignatureException.malformed("a hash of " + hex.length()
                    + " hex digits is none of MD5 (32), SHA-1 (40), SHA-256 (64)");
        }
        if (format == SignatureFormat.HDB && algorithm != HashAlgorithm.MD5) {
            throw InvalidSignatureException.malformed(".hdb lines hold MD5 hashes (32 hex digits); put "
                    + algorithm + " hashes in a .hsb file");
        }
        byte[] digest = new byte[algorithm.length()];
        for (int i = 0; i < digest.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw InvalidSignatureException.malformed("bad hex digit in hash '" + hex + "'");
            }
            digest[i] = (byte) (hi << 4 | lo);
        }
        long size = size(fields[1]);
        for (int i = 3; i < fields.length; i++) {
            if (!fields[i].isEmpty() && !fields[i].chars().allMatch(Character::isDigit)) {
                throw InvalidSignatureException.malformed("functionality level '" + fields[i] + "' is not a number");
            }
        }
        return new HashSignature(algorithm, digest, size, SignatureNames.check(fields[2]));
    }

    private static long size(String field) throws InvalidSignatureException {
        if (field.equals("*")) {
            return HashSignature.ANY_SIZE;
        }
        if (field.isEmpty() || field.length() > 18 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InvalidSignatureException.malformed("size '" + field + "' is neither a number nor *");
        }
        return Long.parseLong(field);
    }
}
