package dev.mamori.core.scan.sig;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A randomly generated body signature, held in the test's own token model (not the engine's), rendered to ClamAV hex
 * syntax for the engine and matched directly by {@link ReferenceMatcher}. Alphabets are tiny on purpose, so that
 * signatures overlap, repeat and match in many places at once.
 */
record RandomSignature(String name, List<Token> tokens, SignatureTarget target, long minStart, long maxStart) {

    sealed interface Token {
    }

    record Exact(int value, int mask) implements Token {
    }

    record Choice(List<byte[]> options) implements Token {
    }

    /** {@code max < 0}: unbounded. */
    record Skip(int min, int max) implements Token {
    }

    static final byte[] ALPHABET = {0x00, 0x41, 0x42, (byte) 0xFF, 0x43};

    static RandomSignature generate(Random r, String name) {
        List<Token> tokens = new ArrayList<>();
        int parts = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                tokens.add(new Skip(r.nextBoolean() ? 0 : r.nextInt(6), -1));
            }
            int segments = 1 + r.nextInt(4);
            for (int s = 0; s < segments; s++) {
                if (s > 0 && r.nextInt(3) == 0) {
                    int min = r.nextInt(4);
                    tokens.add(new Skip(min, min + (r.nextBoolean() ? 0 : r.nextInt(5))));
                }
                int kind = r.nextInt(10);
                if (kind < 6) {
                    int len = 1 + r.nextInt(r.nextBoolean() ? 12 : 4);
                    for (int i = 0; i < len; i++) {
                        tokens.add(new Exact(symbol(r), 0xFF));
                    }
                } else if (kind < 7) {
                    tokens.add(new Exact(0, 0));
                } else if (kind < 8) {
                    int v = symbol(r);
                    tokens.add(r.nextBoolean() ? new Exact(v & 0xF0, 0xF0) : new Exact(v & 0x0F, 0x0F));
                } else {
                    List<byte[]> options = new ArrayList<>();
                    int n = 1 + r.nextInt(3);
                    for (int o = 0; o < n; o++) {
                        byte[] option = new byte[1 + r.nextInt(3)];
                        for (int i = 0; i < option.length; i++) {
                            option[i] = (byte) symbol(r);
                        }
                        options.add(option);
                    }
                    tokens.add(new Choice(options));
                }
            }
            // a part must end with a byte
            tokens.add(new Exact(symbol(r), 0xFF));
        }
        SignatureTarget target = r.nextInt(5) == 0 ? SignatureTarget.PE : SignatureTarget.ANY;
        long minStart = 0;
        long maxStart = Long.MAX_VALUE;
        if (r.nextInt(6) == 0) {
            minStart = r.nextInt(40);
            maxStart = minStart + (r.nextBoolean() ? 0 : r.nextInt(30));
        }
        return new RandomSignature(name, tokens, target, minStart, maxStart);
    }

    private static int symbol(Random r) {
        return ALPHABET[r.nextInt(ALPHABET.length)] & 0xFF;
    }

    String ndbLine() {
        StringBuilder hex = new StringBuilder();
        for (Token t : tokens) {
            switch (t) {
                case Exact e when e.mask() == 0xFF -> hex.append("%02x".formatted(e.value()));
                case Exact e when e.mask() == 0 -> hex.append("??");
                case Exact e when e.mask() == 0xF0 -> hex.append("%x?".formatted(e.value() >> 4));
                case Exact e -> hex.append("?%x".formatted(e.value() & 0xF));
                case Choice c -> hex.append('(').append(String.join("|",
                        c.options().stream().map(HexFormat.of()::formatHex).toList())).append(')');
                case Skip s when s.max() < 0 -> hex.append(s.min() == 0 ? "*" : "{" + s.min() + "-}");
                case Skip s when s.min() == s.max() -> hex.append("{" + s.min() + "}");
                case Skip s when s.min() == 0 -> hex.append("{-" + s.max() + "}");
                case Skip s -> hex.append("{" + s.min() + "-" + s.max() + "}");
            }
        }
        String offset = maxStart == Long.MAX_VALUE ? "*"
                : minStart == maxStart ? Long.toString(minStart) : minStart + "," + (maxStart - minStart);
        return name + ":" + target.clamAvNumber() + ":" + offset + ":" + hex;
    }

    /** Some byte string this signature matches. */
    byte[] instance(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Token t : tokens) {
            switch (t) {
                case Exact e -> out.write(e.value() | (r.nextInt(256) & ~e.mask()));
                case Choice c -> out.writeBytes(c.options().get(r.nextInt(c.options().size())));
                case Skip s -> {
                    int n = s.min() + (s.max() < 0 ? r.nextInt(8) : r.nextInt(s.max() - s.min() + 1));
                    for (int i = 0; i < n; i++) {
                        out.write(symbol(r));
                    }
                }
            }
        }
        return out.toByteArray();
    }
}
