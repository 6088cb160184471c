package dev.mamori.core.scan.sig;

/**
 * Where a body signature's match may start: anywhere ({@code *}), at an absolute offset ({@code n}), or within
 * {@code maxShift} bytes after one ({@code n,maxShift}).
 */
record OffsetRange(long minStart, long maxStart) {
    static final OffsetRange ANYWHERE = new OffsetRange(0, Long.MAX_VALUE);

    OffsetRange {
        if (minStart < 0 || maxStart < minStart) {
            throw new IllegalArgumentException("bad offset range " + minStart + ".." + maxStart);
        }
    }

    boolean isAnywhere() {
        return minStart == 0 && maxStart == Long.MAX_VALUE;
    }
}
