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
 * The engine against {@link ReferenceMatcher} on random signatures (wildcards, nibbles, alternatives, bounded and
 * unbounded gaps, offsets, targets) and inputs from the same tiny alphabet with planted instances, under every
 * chunking: whole, every single split point, and random multi-way splits.
 */
class RandomizedMatchingTest {
    private static final long SEED = 0x5EED_2025L;

    @Test
    void agreesWithTheReferenceMatcher() {
        Random r = new Random(SEED);
        int compared = 0;
        int found = 0;
        for (int round = 0; round < 60; round++) {
            List<RandomSignature> sigs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sigs.add(RandomSignature.generate(r, "R" + round + "." + i));
            }
            SignatureEngine engine = TestEngines.ndb(sigs.stream().map(RandomSignature::ndbLine)
                    .toArray(String[]::new));
            for (int item = 0; item < 6; item++) {
                byte[] input = input(r, sigs);
                SignatureTarget type = r.nextInt(3) == 0 ? SignatureTarget.PE : SignatureTarget.ANY;
                Map<String, Long> expected = expected(sigs, input, type);
                assertThat(ends(TestEngines.scan(engine, type, input)))
                        .as("round %d item %d", round, item).isEqualTo(expected);
                assertThat(ends(randomSplits(engine, type, input, r)))
                        .as("round %d item %d, random splits", round, item).isEqualTo(expected);
                compared += sigs.size();
                found += expected.size();
            }
        }
        // the generator must actually produce matches, or the comparison proves little
        assertThat(found).isGreaterThan(compared / 10);
    }

    @Test
    void everySplitPointGivesTheSameResult() {
        Random r = new Random(SEED + 1);
        for (int round = 0; round < 8; round++) {
            List<RandomSignature> sigs = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                sigs.add(RandomSignature.generate(r, "S" + round + "." + i));
            }
            SignatureEngine engine = TestEngines.ndb(sigs.stream().map(RandomSignature::ndbLine)
                    .toArray(String[]::new));
            byte[] input = input(r, sigs);
            Map<String, Long> expected = expected(sigs, input, SignatureTarget.PE);
            for (int cut = 0; cut <= input.length; cut++) {
                assertThat(ends(TestEngines.scanSplit(engine, SignatureTarget.PE, input, cut)))
                        .as("round %d split at %d", round, cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void largeInputsCrossManyWindowCompactions() {
        Random r = new Random(SEED + 2);
        List<RandomSignature> sigs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sigs.add(RandomSignature.generate(r, "L" + i));
        }
        SignatureEngine engine = TestEngines.ndb(sigs.stream().map(RandomSignature::ndbLine).toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 300_000) {
            out.writeBytes(input(r, sigs));
        }
        byte[] input = out.toByteArray();
        Map<String, Long> expected = expected(sigs, input, SignatureTarget.ANY);
        assertThat(ends(TestEngines.scan(engine, SignatureTarget.ANY, input))).isEqualTo(expected);
        assertThat(ends(randomSplits(engine, SignatureTarget.ANY, input, r))).isEqualTo(expected);
    }

    private static byte[] input(Random r, List<RandomSignature> sigs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int target = 100 + r.nextInt(1500);
        while (out.size() < target) {
            int kind = r.nextInt(4);
            if (kind == 0) {
                out.writeBytes(sigs.get(r.nextInt(sigs.size())).instance(r));
            } else if (kind == 1) {
                for (int i = r.nextInt(40); i > 0; i--) {
                    out.write(r.nextInt(256));
                }
            } else {
                for (int i = r.nextInt(40); i > 0; i--) {
                    out.write(RandomSignature.ALPHABET[r.nextInt(RandomSignature.ALPHABET.length)]);
                }
            }
        }
        return out.toByteArray();
    }

    private static List<SignatureMatch> randomSplits(SignatureEngine engine, SignatureTarget type, byte[] input,
                                                     Random r) {
        SignatureScanner s = engine.newScanner(type);
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, r.nextBoolean() ? 1 + r.nextInt(8) : 1 + r.nextInt(70_000));
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
