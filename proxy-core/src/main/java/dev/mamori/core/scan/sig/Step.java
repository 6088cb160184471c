package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled piece of one side of an anchored part, as {@link SideMatcher} consumes it: consecutive byte classes
 * merged into one {@link Run}, alternatives and bounded gaps as they were.
 */
sealed interface Step {
    int minWidth();

    int maxWidth();

    /**
     * Bytes compared under masks; {@code exact} when every mask is {@code FF}, which allows a plain array compare
     * (and then {@code masks} is null, to save memory).
     */
    record Run(byte[] values, byte[] masks, boolean exact) implements Step {
        boolean matches(byte[] buf, int at, int limit) {
            int len = values.length;
            if (at < 0 || at + len > limit) {
                return false;
            }
            if (exact) {
                return Arrays.equals(buf, at, at + len, values, 0, len);
            }
            for (int i = 0; i < len; i++) {
                if ((buf[at + i] & masks[i]) != values[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int minWidth() {
            return values.length;
        }

        @Override
        public int maxWidth() {
            return values.length;
        }
    }

    record Choice(byte[][] options, int minWidth, int maxWidth) implements Step {
    }

    record Skip(int minWidth, int maxWidth) implements Step {
    }

    /** Compiles elements into steps, in the elements' order. */
    static Step[] compile(List<PatternElement> elements) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < elements.size()) {
            PatternElement e = elements.get(i);
            switch (e) {
                case PatternElement.ByteClass ignored -> {
                    int end = i;
                    while (end < elements.size() && elements.get(end) instanceof PatternElement.ByteClass) {
                        end++;
                    }
                    steps.add(run(elements.subList(i, end)));
                    i = end;
                    continue;
                }
                case PatternElement.Alternatives alt ->
                        steps.add(new Choice(alt.options(), alt.minWidth(), alt.maxWidth()));
                case PatternElement.Gap gap -> steps.add(new Skip(gap.min(), gap.max()));
            }
            i++;
        }
        return steps.toArray(Step[]::new);
    }

    private static Run run(List<PatternElement> classes) {
        byte[] values = new byte[classes.size()];
        byte[] masks = new byte[classes.size()];
        boolean exact = true;
        for (int k = 0; k < values.length; k++) {
            PatternElement.ByteClass c = (PatternElement.ByteClass) classes.get(k);
            values[k] = (byte) c.value();
            masks[k] = (byte) c.mask();
            exact &= c.isExact();
        }
        return new Run(values, exact ? null : masks, exact);
    }
}
