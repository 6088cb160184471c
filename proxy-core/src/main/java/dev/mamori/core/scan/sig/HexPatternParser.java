package dev.mamori.core.scan.sig;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the hex signature field of an {@code .ndb} line: hex bytes, {@code ??}, nibble wildcards {@code a?} and
 * {@code ?a}, {@code *}, {@code {n}}, {@code {n-}}, {@code {-n}}, {@code {n-m}} and {@code (aa|bbcc)} alternatives.
 *
 * <p>Unbounded gaps split the signature into parts. A bounded gap next to an unbounded one is folded into it
 * ({@code *{3-5}} is exactly {@code {3-}}), so every part starts and ends with a byte it must match. Negated
 * alternatives {@code !(..)}, byte ranges {@code [n-m]} and word-boundary markers {@code (B)}/{@code (L)} are rejected.
 */
final class HexPatternParser {
    /** Largest bounded gap; larger ones would make the per-scan window (and the verification cost) unbounded. */
    static final int MAX_BOUNDED_GAP = 32 * 1024;
    /** Largest span of one part between unbounded gaps. */
    static final int MAX_PART_SPAN = 64 * 1024;

    private final String text;
    private int pos;
    private final List<List<PatternElement>> parts = new ArrayList<>();
    private final List<Integer> gapsBefore = new ArrayList<>();
    private List<PatternElement> current = new ArrayList<>();
    private long currentSpan;
    private int pendingUnboundedGap = -1;

    private HexPatternParser(String text) {
        this.text = text;
    }

    static BodyPattern parse(String hex) throws InvalidSignatureException {
        if (hex.isEmpty()) {
            throw InvalidSignatureException.malformed("empty hex signature");
        }
        return new HexPatternParser(hex).run();
    }

    private BodyPattern run() throws InvalidSignatureException {
        gapsBefore.add(0);
        while (pos < text.length()) {
            char c = text.charAt(pos);
            switch (c) {
                case '*' -> {
                    pos++;
                    unboundedGap(0);
                }
                case '{' -> gap();
                case '(' -> alternatives();
                case '!' -> throw InvalidSignatureException.malformed(
                        "negated alternatives !(..) are not supported (at column " + (pos + 1) + ")");
                case '[' -> throw InvalidSignatureException.malformed(
                        "byte ranges [n-m] are not supported (at column " + (pos + 1) + ")");
                default -> add(byteClass());
            }
        }
        if (pendingUnboundedGap >= 0 || current.isEmpty()) {
            throw InvalidSignatureException.malformed("a signature cannot end with a gap");
        }
        if (current.getLast() instanceof PatternElement.Gap) {
            throw InvalidSignatureException.malformed("a signature cannot end with a gap");
        }
        closePart();
        return new BodyPattern(parts, gapsBefore);
    }

    private void add(PatternElement element) throws InvalidSignatureException {
        if (pendingUnboundedGap >= 0) {
            closePart();
            gapsBefore.add(pendingUnboundedGap);
            pendingUnboundedGap = -1;
        }
        append(element);
    }

    private void append(PatternElement element) throws InvalidSignatureException {
        current.add(element);
        currentSpan += element.maxWidth();
        if (currentSpan > MAX_PART_SPAN) {
            throw InvalidSignatureException.malformed("the bytes between two '*' span more than " + MAX_PART_SPAN
                    + " bytes");
        }
    }

    private void closePart() {
        parts.add(current);
        current = new ArrayList<>();
        currentSpan = 0;
    }

    private void unboundedGap(int min) throws InvalidSignatureException {
        if (pendingUnboundedGap < 0 && current.isEmpty()) {
            throw InvalidSignatureException.malformed("a signature cannot start with a gap");
        }
        int folded = min;
        // {2-4}* means at least 2 bytes, then anything: fold the trailing bounded gap's minimum into this gap
        while (pendingUnboundedGap < 0 && !current.isEmpty() && current.getLast() instanceof PatternElement.Gap g) {
            folded += g.min();
            currentSpan -= g.max();
            current.removeLast();
        }
        pendingUnboundedGap = Math.max(pendingUnboundedGap, 0) + folded;
    }

    private void gap() throws InvalidSignatureException {
        int start = pos;
        int close = text.indexOf('}', pos);
        if (close < 0) {
            throw InvalidSignatureException.malformed("unclosed '{' at column " + (start + 1));
        }
        String body = text.substring(pos + 1, close);
        pos = close + 1;
        int dash = body.indexOf('-');
        int min;
        int max;
        if (dash < 0) {
            min = number(body, start);
            max = min;
        } else {
            String from = body.substring(0, dash);
            String to = body.substring(dash + 1);
            if (from.isEmpty() && to.isEmpty()) {
                throw InvalidSignatureException.malformed("empty gap {-} at column " + (start + 1));
            }
            min = from.isEmpty() ? 0 : number(from, start);
            if (to.isEmpty()) {
                unboundedGap(min);
                return;
            }
            max = number(to, start);
            if (max < min) {
                throw InvalidSignatureException.malformed(
                        "gap {" + body + "} has its maximum below its minimum (column " + (start + 1) + ")");
            }
        }
        if (max > MAX_BOUNDED_GAP) {
            throw InvalidSignatureException.malformed("gap {" + body + "} is larger than " + MAX_BOUNDED_GAP
                    + " bytes (column " + (start + 1) + "); use {n-} or *");
        }
        if (max == 0) {
            return;
        }
        if (pendingUnboundedGap >= 0) {
            // *{3-5}: at least 3 bytes, then anything, so the bounded gap only raises the unbounded one's minimum
            pendingUnboundedGap += min;
            return;
        }
        if (current.isEmpty()) {
            throw InvalidSignatureException.malformed("a signature cannot start with a gap");
        }
        append(new PatternElement.Gap(min, max));
    }

    private static int number(String digits, int column) throws InvalidSignatureException {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw InvalidSignatureException.malformed("bad number '" + digits + "' in gap at column " + (column + 1));
        }
        return Integer.parseInt(digits);
    }

    private void alternatives() throws InvalidSignatureException {
        int start = pos;
        int close = text.indexOf(')', pos);
        if (close < 0) {
            throw InvalidSignatureException.malformed("unclosed '(' at column " + (start + 1));
        }
        String body = text.substring(pos + 1, close);
        pos = close + 1;
        if (body.equals("B") || body.equals("L")) {
            throw InvalidSignatureException.malformed("boundary markers (" + body + ") are not supported (column "
                    + (start + 1) + ")");
        }
        String[] options = body.split("\\|", -1);
        byte[][] bytes = new byte[options.length][];
        for (int i = 0; i < options.length; i++) {
            bytes[i] = exactBytes(options[i], start);
        }
        add(new PatternElement.Alternatives(bytes));
    }

    private static byte[] exactBytes(String hex, int column) throws InvalidSignatureException {
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw InvalidSignatureException.malformed("alternative '" + hex + "' at column " + (column + 1)
                    + " is not a whole number of hex bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(hex.length() / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            int hi = Character.digit(hex.charAt(i), 16);
            int lo = Character.digit(hex.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw InvalidSignatureException.malformed("only hex bytes are allowed inside (..|..), found '"
                        + hex + "' at column " + (column + 1));
            }
            out.write(hi << 4 | lo);
        }
        return out.toByteArray();
    }

    private PatternElement.ByteClass byteClass() throws InvalidSignatureException {
        if (pos + 1 >= text.length()) {
            throw InvalidSignatureException.malformed("odd number of hex digits at column " + (pos + 1));
        }
        char h = text.charAt(pos);
        char l = text.charAt(pos + 1);
        int column = pos + 1;
        pos += 2;
        int hi = h == '?' ? -1 : Character.digit(h, 16);
        int lo = l == '?' ? -1 : Character.digit(l, 16);
        if ((h != '?' && hi < 0) || (l != '?' && lo < 0)) {
            char bad = (h != '?' && hi < 0) ? h : l;
            throw InvalidSignatureException.malformed("unexpected character '" + bad + "' at column "
                    + (bad == h ? column : column + 1));
        }
        int mask = (hi < 0 ? 0 : 0xF0) | (lo < 0 ? 0 : 0x0F);
        int value = (Math.max(hi, 0) << 4) | Math.max(lo, 0);
        return new PatternElement.ByteClass(value, mask);
    }
}
