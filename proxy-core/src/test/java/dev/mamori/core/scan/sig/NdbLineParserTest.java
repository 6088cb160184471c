package dev.mamori.core.scan.sig;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NdbLineParserTest {

    @Test
    void fullLineWithFunctionalityLevels() throws Exception {
        BodySignature s = NdbLineParser.parse("Win.Test.Foo-1:1:*:4d5a9000:51:255");
        assertThat(s.name()).isEqualTo("Win.Test.Foo-1");
        assertThat(s.target()).isEqualTo(SignatureTarget.PE);
        assertThat(s.offset().isAnywhere()).isTrue();
        assertThat(s.pattern().parts().getFirst()).hasSize(4);
        assertThat(NdbLineParser.parse("A:0:*:41424344:51").name()).isEqualTo("A");
        assertThat(NdbLineParser.parse("A:0:*:41424344::").name()).isEqualTo("A");
    }

    @Test
    void everySupportedTarget() throws Exception {
        for (SignatureTarget t : SignatureTarget.values()) {
            assertThat(NdbLineParser.parse("T:" + t.clamAvNumber() + ":*:41424344").target()).isEqualTo(t);
        }
    }

    @Test
    void absoluteOffsetsAndShift() throws Exception {
        assertThat(NdbLineParser.parse("A:0:0:41424344").offset()).isEqualTo(new OffsetRange(0, 0));
        assertThat(NdbLineParser.parse("A:0:100:41424344").offset()).isEqualTo(new OffsetRange(100, 100));
        assertThat(NdbLineParser.parse("A:0:100,20:41424344").offset()).isEqualTo(new OffsetRange(100, 120));
    }

    @Test
    void relativeOffsetsAndUndetectableTargetsAreUnsupportedNotMalformed() {
        for (String offset : new String[] {"EOF-10", "EP+0", "EP-4", "SL+8", "S2+16", "S1+0,4", "SE1", "VI"}) {
            assertUnsupported("A:1:" + offset + ":41424344", "offset '" + offset + "'");
        }
        assertUnsupported("A:10:*:41424344", "target type 10");
        assertUnsupported("A:8:*:41424344", "target type 8");
    }

    @Test
    void malformedLines() {
        assertMalformed("A:0:*", "expected name:target:offset:hexsig");
        assertMalformed("A:0:*:4142:1:2:3", "expected name:target:offset:hexsig");
        assertMalformed(":0:*:41424344", "empty signature name");
        assertMalformed("A:x:*:41424344", "target type 'x'");
        assertMalformed("A:0:abc:41424344", "offset 'abc'");
        assertMalformed("A:0:-5:41424344", "offset '-5'");
        assertMalformed("A:0:*:41424344:x", "functionality level");
        assertMalformed("A\u0001B:0:*:41424344", "control character");
        assertMalformed("A:0:*:41!(42)", "negated alternatives");
    }

    private static void assertUnsupported(String line, String fragment) {
        assertThatThrownBy(() -> NdbLineParser.parse(line)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidSignatureException) e).unsupported()).isTrue());
    }

    private static void assertMalformed(String line, String fragment) {
        assertThatThrownBy(() -> NdbLineParser.parse(line)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidSignatureException) e).unsupported()).isFalse());
    }
}
