package dev.mamori.core.scan.sig;

/**
 * How often byte strings occur in what a mail proxy scans, to pick the anchor of each signature that will fire least
 * often. The model mixes the three kinds of items the scanner sees: text (headers, bodies, HTML: letters, spaces, line
 * ends), and decoded attachments and executables (NUL-heavy, FF, common x86 opcodes). Runs of one byte are far more
 * common than independent bytes suggest (zero padding, FF fill, space indentation), so a repeated byte is scored with a
 * high conditional probability. The absolute numbers are rough; what matters is the ranking they give.
 */
final class ByteFrequencyModel {
    private static final double TEXT_SHARE = 0.5;
    private static final double[] PROBABILITY = new double[256];

    static {
        double[] text = new double[256];
        String letters = "etaoinshrdlcumwfgypbvkjxqz";
        double[] english = {12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0,
                2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07};
        for (int i = 0; i < letters.length(); i++) {
            text[letters.charAt(i)] = english[i] * 0.8;
            text[Character.toUpperCase(letters.charAt(i))] = english[i] * 0.08;
        }
        text[' '] = 16;
        text['\r'] = 2;
        text['\n'] = 2;
        for (char c : ".,-:;=/<>\"'()_!?@#&%+*0123456789".toCharArray()) {
            text[c] += 0.6;
        }
        double[] binary = new double[256];
        for (int b = 0; b < 256; b++) {
            binary[b] = 0.5;
        }
        binary[0x00] = 60;
        binary[0xFF] = 8;
        for (int b : new int[] {0x48, 0x89, 0x8B, 0xE8, 0x0F, 0x01, 0x24, 0x83, 0x45, 0x4C, 0x8D, 0x85, 0xC0, 0x74,
                0x75, 0x10, 0x20, 0x02, 0x04, 0x08, 0x40, 0x80, 0xC3, 0xCC, 0x90}) {
            binary[b] += 1.5;
        }
        normalize(text);
        normalize(binary);
        for (int b = 0; b < 256; b++) {
            // a floor keeps every byte possible, so no anchor looks free
            PROBABILITY[b] = Math.max(TEXT_SHARE * text[b] + (1 - TEXT_SHARE) * binary[b], 2e-4);
        }
    }

    private ByteFrequencyModel() {
    }

    private static void normalize(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
    }

    /** The probability of byte {@code b} at a random position. */
    static double byteProbability(int b) {
        return PROBABILITY[b & 0xFF];
    }

    /** The probability of {@code length} bytes at {@code from} occurring at a random position. */
    static double stringProbability(byte[] bytes, int from, int length) {
        double p = byteProbability(bytes[from]);
        for (int i = from + 1; i < from + length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == (bytes[i - 1] & 0xFF)) {
                // P(b | previous b): runs of padding are the norm in binaries, not the exception
                p *= Math.max(byteProbability(b), b == 0x00 || b == 0xFF || b == ' ' ? 0.6 : 0.25);
            } else {
                p *= byteProbability(b);
            }
        }
        return p;
    }
}
