package dev.mamori.core.scan.sig;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against {@link ReferenceMatcher} where its filters work hardest: anchors made of the commonest bytes
 * (runs of 00, FF, spaces), flooded by inputs full of the same bytes, with near misses (an instance with one byte
 * changed) that pass the anchor but must fail the {@link AnchorGuard} or the verification, and every kind of element
 * next to the anchor (wildcards, nibbles, fixed and bounded gaps, fixed- and variable-width alternatives), so that the
 * guards' masks and the second-stage filters are exercised in all their cases. Fixed seed; thousands of
 * (signature, input) comparisons, whole and randomly chunked.
 */
class FloodedAnchorsDifferentialTest {
    private static final long SEED = 0xF100_DEDL;
    private static final byte[] COMMON = {0x00, (byte) 0xFF, 0x20, 0x0E, 0x42, 0x41, (byte) 0x8B, 0x48};

    @Test
    void agreesWithTheReferenceMatcherOnFloodedInput() {
        Random r = new Random(SEED);
        int compared = 0;
        int found = 0;
        for (int round = 0; round < 150; round++) {
            List<RandomSignature> sigs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                sigs.add(signature(r, "F" + round + "." + i));
            }
            SignatureEngine engine = TestEngines.ndb(sigs.stream().map(RandomSignature::ndbLine)
                    .toArray(String[]::new));
            for (int item = 0; item < 5; item++) {
                byte[] input = input(r, sigs);
                SignatureTarget type = r.nextInt(4) == 0 ? SignatureTarget.PE : SignatureTarget.ANY;
                Map<String, Long> expected = expected(sigs, input, type);
                assertThat(ends(TestEngines.scan(engine, type, input)))
                        .as("round %d item %d", round, item).isEqualTo(expected);
                assertThat(ends(chunked(engine, type, input, r)))
                        .as("round %d item %d, chunked", round, item).isEqualTo(expected);
                compared += sigs.size();
                found += expected.size();
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(18_000);
        // enough matches, and enough non-matches, for the comparison to mean something either way
        assertThat(found).isBetween(compared / 10, compared * 9 / 10);
    }

    @Test
    void nearMissesNeverMatchAndExactInstancesAlwaysDo() {
        Random r = new Random(SEED + 1);
        int nearMisses = 0;
        for (int round = 0; round < 400; round++) {
            RandomSignature sig = signature(r, "N" + round);
            if (sig.minStart() != 0 || sig.maxStart() != Long.MAX_VALUE || sig.target() != SignatureTarget.ANY) {
                continue;
            }
            SignatureEngine engine = TestEngines.ndb(sig.ndbLine());
            byte[] instance = sig.instance(r);
            byte[] padded = new byte[instance.length + 64];
            byte fill = COMMON[r.nextInt(COMMON.length)];
            java.util.Arrays.fill(padded, fill);
            System.arraycopy(instance, 0, padded, 32, instance.length);
            assertThat(ends(TestEngines.scan(engine, SignatureTarget.ANY, padded)))
                    .as("%s in %s", sig.ndbLine(), java.util.HexFormat.of().formatHex(padded))
                    .isEqualTo(expected(List.of(sig), padded, SignatureTarget.ANY))
                    .containsKey(sig.name());
            for (int k = 0; k < 8; k++) {
                byte[] miss = padded.clone();
                int at = 32 + r.nextInt(instance.length);
                miss[at] = (byte) (miss[at] ^ (1 << r.nextInt(8)));
                Map<String, Long> expected = expected(List.of(sig), miss, SignatureTarget.ANY);
                nearMisses += expected.isEmpty() ? 1 : 0;
                assertThat(ends(TestEngines.scan(engine, SignatureTarget.ANY, miss)))
                        .as("%s in %s", sig.ndbLine(), java.util.HexFormat.of().formatHex(miss))
                        .isEqualTo(expected);
            }
        }
        assertThat(nearMisses).isGreaterThan(500);
    }

    @Test
    void shortAnchorsOfZeroBytesAreFoundAmongOthers() {
        // no run of 8 exact bytes: short anchors, one of them made of zeros only (2-gram 0000, the key of an empty
        // table slot), next to others whose 2-grams fill the table around it
        List<String> lines = new ArrayList<>(List.of("Zero:0:*:000000??000000??0000", "Ones:0:*:ffffff??ffffff",
                "Mixed:0:*:00ff00??ff00ff"));
        for (int i = 0; i < 40; i++) {
            lines.add("Other" + i + ":0:*:%02x%02x%02x??%02x%02x%02x".formatted(i, i + 1, i + 2, i + 3, i + 4, i + 5));
        }
        SignatureEngine engine = TestEngines.ndb(lines.toArray(String[]::new));
        byte[] input = java.util.HexFormat.of().parseHex("41414100000041000000410000424242ffffff43ffffff");
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, input)))
                .contains("Zero", "Ones").doesNotContain("Mixed");
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(TestEngines.names(TestEngines.scanSplit(engine, SignatureTarget.ANY, input, cut)))
                    .as("split at %d", cut).contains("Zero", "Ones").doesNotContain("Mixed");
        }
    }

    /**
     * A signature of 1-3 parts, each built around an exact core of common bytes (often one byte repeated) long
     * enough for a long or a short anchor, decorated on both sides with the elements a guard has to handle.
     */
    static RandomSignature signature(Random r, String name) {
        List<RandomSignature.Token> tokens = new ArrayList<>();
        int parts = 1 + (r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0);
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                tokens.add(new RandomSignature.Skip(r.nextBoolean() ? 0 : r.nextInt(6), -1));
            }
            int before = r.nextInt(4);
            for (int d = 0; d < before; d++) {
                decoration(r, tokens, d == 0);
            }
            int core = 3 + r.nextInt(r.nextBoolean() ? 14 : 6);
            int repeated = r.nextInt(3) == 0 ? -1 : common(r);
            for (int i = 0; i < core; i++) {
                int b = repeated >= 0 && r.nextInt(6) != 0 ? repeated : common(r);
                tokens.add(new RandomSignature.Exact(b, 0xFF));
            }
            int after = r.nextInt(4);
            for (int d = 0; d < after; d++) {
                decoration(r, tokens, false);
            }
            // a part ends with an exact byte
            tokens.add(new RandomSignature.Exact(common(r), 0xFF));
        }
        SignatureTarget target = r.nextInt(6) == 0 ? SignatureTarget.PE : SignatureTarget.ANY;
        long minStart = 0;
        long maxStart = Long.MAX_VALUE;
        if (r.nextInt(8) == 0) {
            minStart = r.nextInt(30);
            maxStart = minStart + (r.nextBoolean() ? 0 : r.nextInt(20));
        }
        return new RandomSignature(name, tokens, target, minStart, maxStart);
    }

    private static void decoration(Random r, List<RandomSignature.Token> tokens, boolean first) {
        switch (r.nextInt(first ? 5 : 7)) {
            case 0 -> tokens.add(new RandomSignature.Exact(0, 0));
            case 1 -> {
                int v = common(r);
                tokens.add(r.nextBoolean() ? new RandomSignature.Exact(v & 0xF0, 0xF0)
                        : new RandomSignature.Exact(v & 0x0F, 0x0F));
            }
            case 2 -> {
                for (int i = 1 + r.nextInt(5); i > 0; i--) {
                    tokens.add(new RandomSignature.Exact(common(r), 0xFF));
                }
            }
            case 3 -> tokens.add(choice(r, true));
            case 4 -> tokens.add(choice(r, false));
            case 5 -> {
                int n = 1 + r.nextInt(4);
                tokens.add(new RandomSignature.Skip(n, n));
                tokens.add(new RandomSignature.Exact(common(r), 0xFF));
            }
            default -> {
                int min = r.nextInt(3);
                tokens.add(new RandomSignature.Skip(min, min + 1 + r.nextInt(4)));
                tokens.add(new RandomSignature.Exact(common(r), 0xFF));
            }
        }
    }

    private static RandomSignature.Choice choice(Random r, boolean fixedWidth) {
        List<byte[]> options = new ArrayList<>();
        int width = 1 + r.nextInt(3);
        for (int o = 1 + r.nextInt(3); o > 0; o--) {
            byte[] option = new byte[fixedWidth ? width : 1 + r.nextInt(3)];
            for (int i = 0; i < option.length; i++) {
                option[i] = (byte) common(r);
            }
            options.add(option);
        }
        return new RandomSignature.Choice(options);
    }

    private static int common(Random r) {
        return COMMON[r.nextInt(r.nextBoolean() ? 3 : COMMON.length)] & 0xFF;
    }

    /** Runs of one byte, planted instances, near misses, common and random bytes. */
    private static byte[] input(Random r, List<RandomSignature> sigs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int target = 200 + r.nextInt(2500);
        while (out.size() < target) {
            switch (r.nextInt(6)) {
                case 0 -> out.writeBytes(sigs.get(r.nextInt(sigs.size())).instance(r));
                case 1 -> {
                    byte[] miss = sigs.get(r.nextInt(sigs.size())).instance(r);
                    int at = r.nextInt(miss.length);
                    miss[at] = (byte) (miss[at] ^ (1 << r.nextInt(8)));
                    out.writeBytes(miss);
                }
                case 2 -> {
                    int b = common(r);
                    for (int i = 1 + r.nextInt(300); i > 0; i--) {
                        out.write(b);
                    }
                }
                case 3 -> {
                    for (int i = r.nextInt(40); i > 0; i--) {
                        out.write(r.nextInt(256));
                    }
                }
                default -> {
                    for (int i = r.nextInt(60); i > 0; i--) {
                        out.write(common(r));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    private static List<SignatureMatch> chunked(SignatureEngine engine, SignatureTarget type, byte[] input, Random r) {
        SignatureScanner s = engine.newScanner(type);
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, r.nextBoolean() ? 1 + r.nextInt(9) : 1 + r.nextInt(2_000));
            s.update(input, at, n);
            at += n;
        }
        return s.finish();
    }

    private static Map<String, Long> expected(List<RandomSignature> sigs, byte[] input, SignatureTarget type) {
        Map<String, Long> expected = new TreeMap<>();
        for (RandomSignature sig : sigs) {
            long end = ReferenceMatcher.earliestEnd(sig, input, type);
            if (end >= 0) {
                expected.put(sig.name(), end);
            }
        }
        return expected;
    }

    private static Map<String, Long> ends(List<SignatureMatch> matches) {
        Map<String, Long> ends = new HashMap<>();
        for (SignatureMatch m : matches) {
            if (!m.name().equals(Eicar.NAME)) {
                ends.put(m.name(), m.endOffset());
            }
        }
        return new TreeMap<>(ends);
    }
}
