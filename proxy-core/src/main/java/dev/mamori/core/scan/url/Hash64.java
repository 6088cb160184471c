package dev.mamori.core.scan.url;

/**
 * The 64-bit fingerprint under which the blocklist keeps an entry: FNV-1a over the UTF-16 chars, then MurmurHash3's
 * finaliser so that similar entries spread over the whole range. With a million entries the chance that any URL a
 * mail contains collides with one is about 1 in 10^13 per lookup; a collision could only add a false detection, never
 * hide a listed URL.
 */
final class Hash64 {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Hash64() {
    }

    static long of(String s) {
        return of(s, 0);
    }

    /** The fingerprint of {@code s.substring(from)}, without the copy. */
    static long of(String s, int from) {
        long h = OFFSET;
        for (int i = from; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
