package dev.mamori.core.scan.sig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexPatternParserTest {

    private static PatternElement.ByteClass exact(int b) {
        return new PatternElement.ByteClass(b, 0xFF);
    }

    @Test
    void hexBytesInEitherCase() throws Exception {
        BodyPattern p = HexPatternParser.parse("4aBf00");
        assertThat(p.parts()).containsExactly(List.of(exact(0x4A), exact(0xBF), exact(0x00)));
        assertThat(p.minGapsBefore()).containsExactly(0);
    }

    @Test
    void wildcardAndNibbles() throws Exception {
        BodyPattern p = HexPatternParser.parse("41??a??b42");
        assertThat(p.parts().getFirst()).containsExactly(exact(0x41), PatternElement.ByteClass.ANY,
                new PatternElement.ByteClass(0xA0, 0xF0), new PatternElement.ByteClass(0x0B, 0x0F), exact(0x42));
    }

    @Test
    void boundedGapsStayInsideThePart() throws Exception {
        BodyPattern p = HexPatternParser.parse("41{3}42{-4}43{2-5}44");
        assertThat(p.parts()).hasSize(1);
        assertThat(p.parts().getFirst()).containsExactly(exact(0x41), new PatternElement.Gap(3, 3), exact(0x42),
                new PatternElement.Gap(0, 4), exact(0x43), new PatternElement.Gap(2, 5), exact(0x44));
    }

    @Test
    void unboundedGapsSplitParts() throws Exception {
        BodyPattern p = HexPatternParser.parse("4142*4344{7-}45");
        assertThat(p.parts()).containsExactly(List.of(exact(0x41), exact(0x42)), List.of(exact(0x43), exact(0x44)),
                List.of(exact(0x45)));
        assertThat(p.minGapsBefore()).containsExactly(0, 0, 7);
    }

    @Test
    void boundedGapsNextToUnboundedOnesFoldIntoThem() throws Exception {
        assertThat(HexPatternParser.parse("41{2-4}*{3-9}42").minGapsBefore()).containsExactly(0, 5);
        assertThat(HexPatternParser.parse("41**{5}42").parts()).hasSize(2);
    }

    @Test
    void alternativesOfOneOrMoreBytesAndDifferentLengths() throws Exception {
        BodyPattern p = HexPatternParser.parse("41(42|4344|454647)48");
        PatternElement alt = p.parts().getFirst().get(1);
        assertThat(alt).isEqualTo(new PatternElement.Alternatives(new byte[][] {{0x42}, {0x43, 0x44},
                {0x45, 0x46, 0x47}}));
        assertThat(alt.minWidth()).isEqualTo(1);
        assertThat(alt.maxWidth()).isEqualTo(3);
    }

    @Test
    void rejectsWhatItCannotHonour() {
        assertProblem("41!(42|43)44", "negated alternatives");
        assertProblem("41[1-2]42", "byte ranges");
        assertProblem("41(B)42", "boundary markers");
        assertProblem("41(4|43)", "whole number of hex bytes");
        assertProblem("41(4?|43)", "only hex bytes");
        assertProblem("41(42|43", "unclosed '('");
        assertProblem("41{3", "unclosed '{'");
        assertProblem("414", "odd number");
        assertProblem("41zz", "unexpected character 'z'");
        assertProblem("", "empty");
        assertProblem("*4142", "cannot start with a gap");
        assertProblem("{2}4142", "cannot start with a gap");
        assertProblem("4142*", "cannot end with a gap");
        assertProblem("4142{1-2}", "cannot end with a gap");
        assertProblem("41{5-2}42", "maximum below its minimum");
        assertProblem("41{x}42", "bad number");
        assertProblem("41{-}42", "empty gap");
        assertProblem("41{40000}42", "larger than");
    }

    private static void assertProblem(String hex, String fragment) {
        assertThatThrownBy(() -> HexPatternParser.parse(hex)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidSignatureException) e).unsupported()).isFalse());
    }
}
