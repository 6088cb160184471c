package dev.mamori.core.scan.sig;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashLineParserTest {
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    @Test
    void hdbMd5WithSize() throws Exception {
        HashSignature h = HashLineParser.parse(MD5 + ":68:Test.Md5", SignatureFormat.HDB);
        assertThat(h.algorithm()).isEqualTo(HashAlgorithm.MD5);
        assertThat(HexFormat.of().formatHex(h.digest())).isEqualTo(MD5);
        assertThat(h.size()).isEqualTo(68);
        assertThat(h.name()).isEqualTo("Test.Md5");
    }

    @Test
    void hsbShaWithSizeOrWildcardAndFlevel() throws Exception {
        assertThat(HashLineParser.parse(SHA1 + ":68:Test.Sha1", SignatureFormat.HSB).algorithm())
                .isEqualTo(HashAlgorithm.SHA1);
        HashSignature h = HashLineParser.parse(SHA256.toUpperCase() + ":*:Test.Sha256:73", SignatureFormat.HSB);
        assertThat(h.algorithm()).isEqualTo(HashAlgorithm.SHA256);
        assertThat(h.size()).isEqualTo(HashSignature.ANY_SIZE);
        assertThat(HexFormat.of().formatHex(h.digest())).isEqualTo(SHA256);
    }

    @Test
    void malformed() {
        assertProblem(MD5 + ":68", SignatureFormat.HDB, "expected hash:size:name");
        assertProblem(MD5.substring(1) + ":68:X", SignatureFormat.HDB, "31 hex digits");
        assertProblem(SHA256 + ":68:X", SignatureFormat.HDB, ".hdb lines hold MD5");
        assertProblem("zz" + MD5.substring(2) + ":68:X", SignatureFormat.HDB, "bad hex digit");
        assertProblem(MD5 + ":6a:X", SignatureFormat.HDB, "size '6a'");
        assertProblem(MD5 + ":-1:X", SignatureFormat.HDB, "size '-1'");
        assertProblem(MD5 + "::X", SignatureFormat.HDB, "size ''");
        assertProblem(MD5 + ":68:", SignatureFormat.HDB, "empty signature name");
        assertProblem(SHA1 + ":68:X:abc", SignatureFormat.HSB, "functionality level");
    }

    private static void assertProblem(String line, SignatureFormat format, String fragment) {
        assertThatThrownBy(() -> HashLineParser.parse(line, format)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(fragment);
    }
}
