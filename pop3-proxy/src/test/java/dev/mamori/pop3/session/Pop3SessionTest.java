package dev.mamori.pop3.session;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.ListenerMode;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.config.Pop3Settings;
import dev.mamori.core.config.ServerSettings;
import dev.mamori.core.config.TlsSettings;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.codec.Pop3CommandDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic port's own state machine (before any upstream exists), driven through an EmbeddedChannel. */
class Pop3SessionTest {
    private static ProxyRuntime runtime;
    private static Pop3Listener listener;

    @BeforeAll
    static void runtime() throws Exception {
        Path dir = Files.createTempDirectory("mamori-session-test");
        listener = new Pop3Listener("generic", ListenerMode.GENERIC, HostPort.parse("127.0.0.1:0"), ClientTls.NONE, null);
        MamoriConfig config = new MamoriConfig(new ServerSettings("unit", dir), AccessSettings.defaults(),
                UpstreamSettings.defaults(), TlsSettings.defaults(), new Pop3Settings(true, List.of(listener), null));
        runtime = ProxyRuntime.start(config);
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static EmbeddedChannel session() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder(runtime.config().pop3().limits().maxCommandLength());
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new Pop3Session(runtime, listener, decoder, false));
        assertThat(next(ch)).startsWith("+OK Mamori POP3 proxy unit ready");
        return ch;
    }

    /** Writes {@code input} (possibly several commands, possibly a fragment) and returns everything answered. */
    private static String send(EmbeddedChannel ch, String input) {
        ch.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (String s; (s = next(ch)) != null; ) {
            out.append(s);
        }
        return out.toString();
    }

    private static String next(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        if (b == null) {
            return null;
        }
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    @Test
    void capaListsWhatTheGenericPortOffersWithoutStlsWhenNotConfigured() {
        EmbeddedChannel ch = session();
        String capa = send(ch, "CAPA\r\n");
        assertThat(capa).startsWith("+OK").endsWith("\r\n.\r\n").contains("USER\r\n", "SASL PLAIN LOGIN\r\n", "RESP-CODES\r\n")
                .doesNotContain("STLS").doesNotContain("APOP");
    }

    @Test
    void commandsSplitAcrossPacketsAreReassembled() {
        EmbeddedChannel ch = session();
        assertThat(send(ch, "CA")).isEmpty();
        assertThat(send(ch, "PA\r")).isEmpty();
        assertThat(send(ch, "\n")).startsWith("+OK Capability list follows\r\n");
    }

    @Test
    void transactionCommandsBeforeLoginAreRefusedWithAuthCode() {
        EmbeddedChannel ch = session();
        for (String cmd : List.of("STAT", "LIST", "RETR 1", "DELE 1", "UIDL", "TOP 1 0", "NOOP", "RSET")) {
            assertThat(send(ch, cmd + "\r\n")).as(cmd).startsWith("-ERR [AUTH]");
        }
        assertThat(send(ch, "PASS secret\r\n")).startsWith("-ERR [AUTH] send USER");
        assertThat(send(ch, "XYZZY\r\n")).startsWith("-ERR unknown command");
    }

    @Test
    void stlsIsRefusedWhenTheListenerHasNoTlsAndReadingResumes() {
        EmbeddedChannel ch = session();
        assertThat(send(ch, "STLS\r\n")).startsWith("-ERR STLS is not available");
        assertThat(send(ch, "CAPA\r\n")).startsWith("+OK");
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        EmbeddedChannel ch = session();
        String out = send(ch, "STAT\r\nXYZZY\r\nUSER nohash\r\nAPOP a b\r\n");
        String[] lines = out.split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("-ERR [AUTH] log in first");
        assertThat(lines[1]).startsWith("-ERR unknown command");
        assertThat(lines[2]).startsWith("-ERR [AUTH] invalid account");
        assertThat(lines[3]).startsWith("-ERR [AUTH] APOP is not available");
    }

    @Test
    void controlCharactersAndOverlongLinesGetAClearError() {
        EmbeddedChannel ch = session();
        assertThat(send(ch, "USER a\u0000b#host\r\n")).startsWith("-ERR control characters");
        assertThat(send(ch, "USER " + "x".repeat(2000) + "\r\n")).startsWith("-ERR command line too long");
        assertThat(send(ch, " PASS secret\r\n")).startsWith("-ERR malformed command");
        assertThat(send(ch, "CAPA\r\n")).startsWith("+OK");
    }

    @Test
    void upstreamNotOnTheAllowListIsRefusedWithItsReason() {
        EmbeddedChannel ch = session(); // the default allow-list is empty
        assertThat(send(ch, "USER alice#pop.example.net\r\n")).startsWith("-ERR [AUTH] upstream pop.example.net:110 is not on the allow-list");
    }

    @Test
    void authExchangesAreLocalAndCancellable() {
        EmbeddedChannel ch = session();
        assertThat(send(ch, "AUTH LOGIN\r\n")).isEqualTo("+ VXNlcm5hbWU6\r\n");
        assertThat(send(ch, "*\r\n")).startsWith("-ERR [AUTH] authentication cancelled");
        assertThat(send(ch, "AUTH PLAIN !!!notbase64\r\n")).startsWith("-ERR [AUTH] malformed");
        assertThat(send(ch, "AUTH GSSAPI\r\n")).startsWith("-ERR [AUTH] unsupported SASL mechanism");
    }

    @Test
    void quitEndsTheSession() {
        EmbeddedChannel ch = session();
        assertThat(send(ch, "QUIT\r\n")).startsWith("+OK");
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }
}
