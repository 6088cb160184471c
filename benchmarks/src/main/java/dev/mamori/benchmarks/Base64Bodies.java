package dev.mamori.benchmarks;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/** Base64 (and quoted-printable) bodies as mailers write them, for the decoder and walk benchmarks. */
final class Base64Bodies {
    private Base64Bodies() {
    }

    /** About {@code size} bytes of base64 with CRLF after every 76 characters; garbage every ~{@code dirtEvery}. */
    static byte[] encode(int size, int dirtEvery, long seed) {
        Random random = new Random(seed);
        byte[] content = new byte[size / 78 * 57];
        random.nextBytes(content);
        byte[] lines = Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encode(content);
        if (dirtEvery == 0) {
            return lines;
        }
        byte[] out = new byte[lines.length + lines.length / dirtEvery + 1];
        int o = 0;
        for (byte b : lines) {
            if (random.nextInt(dirtEvery) == 0) {
                out[o++] = (byte) (random.nextBoolean() ? '\t' : 0xC3);
            }
            out[o++] = b;
        }
        return Arrays.copyOf(out, o);
    }


    /**
     * About {@code size} bytes of quoted-printable text as a mailer writes a non-English letter: words of ASCII and
     * of UTF-8 letters ({@code =C3=A9}), soft line breaks at 76 characters, CRLF paragraphs.
     */
    static byte[] quotedPrintable(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 100);
        int column = 0;
        while (sb.length() < size) {
            String word = switch (random.nextInt(4)) {
                case 0 -> "caf=C3=A9";
                case 1 -> "na=C3=AFve";
                case 2 -> "message";
                default -> "the";
            };
            if (column + word.length() + 1 > 75) {
                sb.append("=\r\n");
                column = 0;
            }
            sb.append(word).append(' ');
            column += word.length() + 1;
            if (random.nextInt(60) == 0) {
                sb.setLength(sb.length() - 1); // a blank before a hard line break would be dropped by decoders
                sb.append("\r\n");
                column = 0;
            }
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
