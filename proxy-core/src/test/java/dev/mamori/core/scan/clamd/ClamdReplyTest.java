package dev.mamori.core.scan.clamd;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClamdReplyTest {
    @Test
    void clean() {
        assertThat(ClamdReply.parse("stream: OK")).isEqualTo(new ClamdReply.Clean());
        assertThat(ClamdReply.parse("stream: OK\n")).isEqualTo(new ClamdReply.Clean());
    }

    @Test
    void found() {
        assertThat(ClamdReply.parse("stream: Win.Test.EICAR_HDB-1 FOUND"))
                .isEqualTo(new ClamdReply.Found("Win.Test.EICAR_HDB-1"));
        assertThat(ClamdReply.parse("stream: Eicar-Test-Signature.UNOFFICIAL FOUND"))
                .isEqualTo(new ClamdReply.Found("Eicar-Test-Signature.UNOFFICIAL"));
    }

    @Test
    void sizeLimit() {
        assertThat(ClamdReply.parse("INSTREAM size limit exceeded. ERROR"))
                .isEqualTo(new ClamdReply.SizeLimitExceeded());
    }

    @Test
    void otherErrorsKeepTheirText() {
        assertThat(ClamdReply.parse("stream: Can't open file or directory ERROR"))
                .isEqualTo(new ClamdReply.Error("stream: Can't open file or directory"));
        assertThat(ClamdReply.parse("UNKNOWN COMMAND"))
                .isEqualTo(new ClamdReply.Error("unexpected reply 'UNKNOWN COMMAND'"));
    }

    @Test
    void foundWithoutANameIsNotAVerdict() {
        assertThat(ClamdReply.parse("stream:  FOUND")).isInstanceOf(ClamdReply.Error.class);
        assertThat(ClamdReply.parse("stream: OKAY")).isInstanceOf(ClamdReply.Error.class);
        assertThat(ClamdReply.parse("")).isInstanceOf(ClamdReply.Error.class);
    }

    @Test
    void sessionIdPrefixIsNotSpokenHere() {
        // replies to IDSESSION commands start with "<id>: "; this client never opens a session
        assertThat(ClamdReply.parse("1: stream: OK")).isInstanceOf(ClamdReply.Error.class);
    }

    @Test
    void untrustedTextIsCleanedAndCapped() {
        ClamdReply.Error e = (ClamdReply.Error) ClamdReply.parse("bad\u0007\u001b[31m" + "x".repeat(500) + " ERROR");

        assertThat(e.message()).startsWith("unexpected reply 'bad??[31mxxx").doesNotContain("\u001b")
                .hasSizeLessThan(ClamdText.MAX + 30);
    }
}
