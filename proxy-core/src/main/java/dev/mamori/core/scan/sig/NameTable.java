package dev.mamori.core.scan.sig;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Signature names packed as UTF-8 into one array: a million hash signatures as Strings would cost ~60 MB of object
 * headers and UTF-16; packed they cost their bytes plus one int each.
 */
final class NameTable {
    private byte[] bytes = new byte[1024];
    private int[] offsets = new int[65];
    private int count;

    int add(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int end = offsets[count];
        if (end + utf8.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + utf8.length));
        }
        System.arraycopy(utf8, 0, bytes, end, utf8.length);
        if (count + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[++count] = end + utf8.length;
        return count - 1;
    }

    String get(int id) {
        return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    /** Drops spare capacity once loading is done. */
    NameTable trim() {
        bytes = Arrays.copyOf(bytes, offsets[count]);
        offsets = Arrays.copyOf(offsets, count + 1);
        return this;
    }

    long memoryBytes() {
        return bytes.length + 4L * offsets.length;
    }
}
