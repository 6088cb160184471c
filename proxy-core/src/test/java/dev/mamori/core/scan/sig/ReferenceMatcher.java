package dev.mamori.core.scan.sig;

/**
 * The obvious matcher, for comparison: the set of reachable positions is pushed through every token over the whole
 * input (O(tokens × input)), starting from every allowed start. Returns the smallest end offset of any match, or -1.
 */
final class ReferenceMatcher {
    private ReferenceMatcher() {
    }

    static long earliestEnd(RandomSignature sig, byte[] input, SignatureTarget itemType) {
        if (sig.target() != SignatureTarget.ANY && sig.target() != itemType) {
            return -1;
        }
        int n = input.length;
        boolean[] reach = new boolean[n + 1];
        for (long s = sig.minStart(); s <= Math.min(sig.maxStart(), n); s++) {
            reach[(int) s] = true;
        }
        for (RandomSignature.Token token : sig.tokens()) {
            boolean[] next = new boolean[n + 1];
            switch (token) {
                case RandomSignature.Exact e -> {
                    for (int p = 0; p < n; p++) {
                        if (reach[p] && (input[p] & e.mask()) == e.value()) {
                            next[p + 1] = true;
                        }
                    }
                }
                case RandomSignature.Choice c -> {
                    for (int p = 0; p <= n; p++) {
                        if (!reach[p]) {
                            continue;
                        }
                        for (byte[] option : c.options()) {
                            if (p + option.length <= n && java.util.Arrays.equals(input, p, p + option.length,
                                    option, 0, option.length)) {
                                next[p + option.length] = true;
                            }
                        }
                    }
                }
                case RandomSignature.Skip s -> {
                    // next[q] = some reach[p] with q - max <= p <= q - min: a sliding count over the window
                    int max = s.max() < 0 ? n : s.max();
                    int inWindow = 0;
                    for (int q = 0; q <= n; q++) {
                        int enter = q - s.min();
                        int leave = q - max - 1;
                        if (enter >= 0 && reach[enter]) {
                            inWindow++;
                        }
                        if (leave >= 0 && reach[leave]) {
                            inWindow--;
                        }
                        next[q] = inWindow > 0;
                    }
                }
            }
            reach = next;
        }
        for (int p = 0; p <= n; p++) {
            if (reach[p]) {
                return p;
            }
        }
        return -1;
    }
}
