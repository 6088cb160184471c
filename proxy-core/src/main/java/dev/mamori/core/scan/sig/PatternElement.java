package dev.mamori.core.scan.sig;

import java.util.Arrays;

/** One element of a parsed body signature part, in the order the bytes must appear. */
sealed interface PatternElement {

    /** The fewest bytes this element consumes. */
    int minWidth();

    /** The most bytes this element consumes. */
    int maxWidth();

    /**
     * One byte compared under a mask: {@code (b & mask) == value}. Mask {@code FF} is an exact byte, {@code F0} and
     * {@code 0F} are the nibble wildcards {@code a?} and {@code ?a}, {@code 00} is {@code ??}.
     */
    record ByteClass(int value, int mask) implements PatternElement {
        static final ByteClass ANY = new ByteClass(0, 0);

        public ByteClass {
            value &= mask;
        }

        boolean isExact() {
            return mask == 0xFF;
        }

        boolean matches(byte b) {
            return (b & mask) == value;
        }

        @Override
        public int minWidth() {
            return 1;
        }

        @Override
        public int maxWidth() {
            return 1;
        }
    }

    /** {@code (aa|bbcc|dd)}: any one of the byte strings, which may differ in length. */
    record Alternatives(byte[][] options) implements PatternElement {
        public Alternatives {
            options = Arrays.stream(options).map(byte[]::clone).toArray(byte[][]::new);
        }

        @Override
        public int minWidth() {
            return Arrays.stream(options).mapToInt(o -> o.length).min().orElseThrow();
        }

        @Override
        public int maxWidth() {
            return Arrays.stream(options).mapToInt(o -> o.length).max().orElseThrow();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Alternatives(byte[][] other) && Arrays.deepEquals(options, other);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(options);
        }

        @Override
        public String toString() {
            return "Alternatives" + Arrays.deepToString(options);
        }
    }

    /** {@code {n}}, {@code {-n}}, {@code {n-m}}: between {@code min} and {@code max} arbitrary bytes. */
    record Gap(int min, int max) implements PatternElement {
        public Gap {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("bad gap {" + min + "-" + max + "}");
            }
        }

        @Override
        public int minWidth() {
            return min;
        }

        @Override
        public int maxWidth() {
            return max;
        }
    }
}
