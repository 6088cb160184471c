package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Pop3CommandDecoderTest {
    private static final int MAX = 64;
    private static final String TOO_LONG = "command line too long (limit 64 bytes)";

    @Test
    void crlfAndBareLfLines() {
        EmbeddedChannel ch = channel();
        List<Pop3Command> cmds = decode(ch, "USER alice\r\nPASS secret\nSTAT\r\n");
        assertThat(cmds).extracting(Pop3Command::line).containsExactly("USER alice", "PASS secret", "STAT");
        assertThat(cmds).extracting(Pop3Command::keyword).containsExactly("USER", "PASS", "STAT");
        assertThat(cmds).extracting(Pop3Command::args).containsExactly("alice", "secret", "");
        assertThat(cmds).extracting(Pop3Command::problem).containsOnlyNulls();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void keywordIsUpperCasedButLineAndArgsAreKept() {
        Pop3Command c = decode(channel(), "uSeR Alice#Pop.Example.NET\r\n").getFirst();
        assertThat(c.keyword()).isEqualTo("USER");
        assertThat(c.args()).isEqualTo("Alice#Pop.Example.NET");
        assertThat(c.line()).isEqualTo("uSeR Alice#Pop.Example.NET");
        assertThat(c.wire()).isEqualTo("uSeR Alice#Pop.Example.NET\r\n");
    }

    @Test
    void emptyLineIsAnEmptyCommand() {
        Pop3Command c = decode(channel(), "\r\n").getFirst();
        assertThat(c.line()).isEmpty();
        assertThat(c.keyword()).isEmpty();
        assertThat(c.args()).isEmpty();
        assertThat(c.problem()).isNull();
        assertThat(c.hasArgs()).isFalse();
    }

    @Test
    void onlyTheCrBeforeTheLfIsRemoved() {
        // "NOOP\r\r\n": the first CR is part of the line, and a control character
        Pop3Command c = decode(channel(), "NOOP\r\r\n").getFirst();
        assertThat(c.problem()).isEqualTo("control characters are not allowed in a command");
    }

    @Test
    void nothingIsDecodedBeforeTheLineEnds() {
        EmbeddedChannel ch = channel();
        assertThat(decode(ch, "USER alice\r")).isEmpty();
        assertThat(decode(ch, "\n")).extracting(Pop3Command::line).containsExactly("USER alice");
        ch.finishAndReleaseAll();
    }

    @Test
    void everySplitIntoTwoAndThreeChunksGivesTheSameCommands() {
        String input = "USER alice\r\npass s3cr3t\nLIST 1\r\n\r\nQUIT\r\n";
        List<String> expected = List.of("USER alice", "pass s3cr3t", "LIST 1", "", "QUIT");
        for (int i = 0; i <= input.length(); i++) {
            for (int j = i; j <= input.length(); j++) {
                EmbeddedChannel ch = channel();
                List<Pop3Command> got = new ArrayList<>();
                got.addAll(decode(ch, input.substring(0, i)));
                got.addAll(decode(ch, input.substring(i, j)));
                got.addAll(decode(ch, input.substring(j)));
                assertThat(got).as("split at %d, %d", i, j).extracting(Pop3Command::line).isEqualTo(expected);
                assertThat(ch.finish()).isFalse();
            }
        }
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = channel();
        List<Pop3Command> got = new ArrayList<>();
        for (char c : "CAPA\r\nUSER bob\nNOOP\r\n".toCharArray()) {
            got.addAll(decode(ch, String.valueOf(c)));
        }
        assertThat(got).extracting(Pop3Command::keyword).containsExactly("CAPA", "USER", "NOOP");
    }

    @Test
    void aLineOfExactlyTheLimitIncludingCrlfIsAccepted() {
        String line = "X".repeat(MAX - 2);
        List<Pop3Command> cmds = decode(channel(), line + "\r\n");
        assertThat(cmds).hasSize(1);
        assertThat(cmds.getFirst().problem()).isNull();
        assertThat(cmds.getFirst().line()).isEqualTo(line);
    }

    @Test
    void aLineOneByteOverTheLimitIsRefused() {
        List<Pop3Command> cmds = decode(channel(), "X".repeat(MAX - 1) + "\r\nNOOP\r\n");
        assertThat(cmds).extracting(Pop3Command::problem).containsExactly(TOO_LONG, null);
        assertThat(cmds.get(1).keyword()).isEqualTo("NOOP");
    }

    @Test
    void anOverLongLineIsReportedOnceAndSkippedWhenItArrivesInPieces() {
        EmbeddedChannel ch = channel();
        List<Pop3Command> got = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            got.addAll(decode(ch, "0123456789"));
        }
        got.addAll(decode(ch, "tail of the long line\r"));
        got.addAll(decode(ch, "\nNOOP\r\n"));
        assertThat(got).extracting(Pop3Command::problem).containsExactly(TOO_LONG, null);
        assertThat(got.get(0).line()).isEmpty();
        assertThat(got.get(0).keyword()).isEmpty();
        assertThat(got.get(1).line()).isEqualTo("NOOP");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void anOverLongLineIsReportedAsSoonAsTheLimitIsPassed() {
        EmbeddedChannel ch = channel();
        assertThat(decode(ch, "X".repeat(MAX))).isEmpty(); // over-long once its LF comes, but not reported yet
        assertThat(decode(ch, "X")).extracting(Pop3Command::problem).containsExactly(TOO_LONG);
        assertThat(decode(ch, "XXXX")).isEmpty();
        assertThat(decode(ch, "\r\nQUIT\r\n")).extracting(Pop3Command::keyword).containsExactly("QUIT");
    }

    @Test
    void anOverLongLineWhoseLfArrivesRightAtTheLimitIsReportedOnce() {
        EmbeddedChannel ch = channel();
        assertThat(decode(ch, "X".repeat(MAX))).isEmpty();
        assertThat(decode(ch, "\nNOOP\n")).extracting(Pop3Command::problem).containsExactly(TOO_LONG, null);
    }

    @Test
    void twoOverLongLinesAreTwoReports() {
        String longLine = "Y".repeat(3 * MAX) + "\r\n";
        List<Pop3Command> cmds = decode(channel(), longLine + longLine + "STAT\r\n");
        assertThat(cmds).extracting(Pop3Command::problem).containsExactly(TOO_LONG, TOO_LONG, null);
    }

    @Test
    void everySplitOfAnOverLongLineGivesOneReport() {
        String input = "Z".repeat(MAX + 10) + "\r\nNOOP\r\n";
        for (int i = 0; i <= input.length(); i++) {
            EmbeddedChannel ch = channel();
            List<Pop3Command> got = new ArrayList<>(decode(ch, input.substring(0, i)));
            got.addAll(decode(ch, input.substring(i)));
            assertThat(got).as("split at %d", i).extracting(Pop3Command::problem).containsExactly(TOO_LONG, null);
            assertThat(got.get(1).keyword()).isEqualTo("NOOP");
        }
    }

    @Test
    void controlCharactersAreRefused() {
        for (String bad : new String[]{"US\0ER a", "USER a\rb", "USER \u001b[31m", "NOOP\u007f", "\u0001"}) {
            List<Pop3Command> cmds = decode(channel(), bad + "\r\n");
            assertThat(cmds).as(bad).hasSize(1);
            Pop3Command c = cmds.getFirst();
            assertThat(c.problem()).isEqualTo("control characters are not allowed in a command");
            assertThat(c.line()).as("a refused line is never passed on").isEmpty();
            assertThat(c.keyword()).isEmpty();
        }
    }

    @Test
    void tabAndEightBitBytesAreNotControlCharacters() {
        assertThat(decode(channel(), "USER\ta\r\n").getFirst().problem()).isNull();
        assertThat(decode(channel(), "USER \u0085\u00a0\r\n").getFirst().problem()).isNull();
    }

    @Test
    void eightBitBytesRoundTripThroughIso88591() {
        byte[] utf8Line = "USER jörg@exämple.net#pop.example.net\r\n".getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(utf8Line));
        Pop3Command c = ch.readInbound();
        assertThat(c.problem()).isNull();
        assertThat(c.wire().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(utf8Line);

        byte[] all = new byte[128 + 6];
        System.arraycopy("NOOP ".getBytes(StandardCharsets.US_ASCII), 0, all, 0, 5);
        for (int i = 0; i < 128; i++) {
            all[5 + i] = (byte) (0x80 + i);
        }
        all[all.length - 1] = '\n';
        EmbeddedChannel wide = new EmbeddedChannel(new Pop3CommandDecoder(1024));
        wide.writeInbound(Unpooled.wrappedBuffer(all));
        Pop3Command high = wide.readInbound();
        assertThat(high.problem()).isNull();
        byte[] back = high.line().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(back).hasSize(133);
        for (int i = 0; i < 128; i++) {
            assertThat(back[5 + i]).isEqualTo((byte) (0x80 + i));
        }
    }

    @Test
    void bytesPipelinedAfterStlsInTheSameChunkAreDiscarded() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Pop3Command> cmds = decode(ch, "CAPA\r\nSTLS\r\nUSER evil#attacker.example\r\nPASS x\r\n");
        assertThat(cmds).extracting(Pop3Command::keyword).containsExactly("CAPA", "STLS");
        // still discarding: bytes that arrive before the handshake completed are plaintext injection too
        assertThat(decode(ch, "USER more\r\n")).isEmpty();
        decoder.resume();
        assertThat(decode(ch, "USER alice\r\n")).extracting(Pop3Command::line).containsExactly("USER alice");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aPartialLineAfterStlsIsDiscardedToo() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThat(decode(ch, "stls\r\nUS")).extracting(Pop3Command::keyword).containsExactly("STLS");
        assertThat(decode(ch, "ER evil\r\n")).isEmpty();
        decoder.resume();
        assertThat(decode(ch, "NOOP\r\n")).extracting(Pop3Command::keyword).containsExactly("NOOP");
    }

    @Test
    void stlsSplitAcrossChunksStillDiscardsWhatFollowsIt() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThat(decode(ch, "ST")).isEmpty();
        assertThat(decode(ch, "LS\r\nQUIT\r\n")).extracting(Pop3Command::keyword).containsExactly("STLS");
        decoder.resume();
        assertThat(decode(ch, "CAPA\r\n")).extracting(Pop3Command::keyword).containsExactly("CAPA");
    }

    @Test
    void discardUntilTlsDropsEverythingUntilResume() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        decoder.discardUntilTls();
        assertThat(decode(ch, "USER a\r\nPASS b\r\n")).isEmpty();
        decoder.resume();
        assertThat(decode(ch, "QUIT\r\n")).extracting(Pop3Command::keyword).containsExactly("QUIT");
    }

    @Test
    void inputBuffersAreReleased() {
        EmbeddedChannel ch = channel();
        ByteBuf a = Unpooled.copiedBuffer("USER a\r\nPA", StandardCharsets.US_ASCII);
        ByteBuf b = Unpooled.copiedBuffer("SS b\r\n", StandardCharsets.US_ASCII);
        ch.writeInbound(a);
        ch.writeInbound(b);
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
        assertThat(drain(ch)).extracting(Pop3Command::keyword).containsExactly("USER", "PASS");
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new Pop3CommandDecoder(MAX));
    }

    private static List<Pop3Command> decode(EmbeddedChannel ch, String input) {
        ch.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1));
        return drain(ch);
    }

    private static List<Pop3Command> drain(EmbeddedChannel ch) {
        List<Pop3Command> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((Pop3Command) o);
        }
        return out;
    }
}
