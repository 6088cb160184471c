package dev.mamori.smtp.session;

import dev.mamori.smtp.codec.SmtpReplyDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scripted upstream MTA on an {@link EmbeddedChannel}: it answers what {@link Upstream} writes, when the test's
 * pump calls {@link #process()}, never within the write (as a real server would not).
 */
final class FakeUpstream {
    final String name;
    final EmbeddedChannel ch;
    final Upstream upstream;
    final List<String> commands = new ArrayList<>();
    final List<byte[]> messages = new ArrayList<>();
    final Map<String, String> overrides = new LinkedHashMap<>();
    String greeting = "220 fake.example ESMTP\r\n";
    String ehlo = "250-fake.example\r\n250-PIPELINING\r\n250-SIZE 100000\r\n250-8BITMIME\r\n250-CHUNKING\r\n"
            + "250-BINARYMIME\r\n250-VRFY\r\n250-ETRN\r\n250-DSN\r\n250-SMTPUTF8\r\n250 ENHANCEDSTATUSCODES\r\n";
    String finalReply = "250 2.0.0 Ok: queued as ABC123\r\n";
    /** Most command lines that arrived in one batch: 1 means Mamori never pipelined to this upstream. */
    int maxBatch;
    /** When false the upstream stays silent after the end of DATA. */
    boolean answerData = true;
    private boolean greeted;
    private boolean inData;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    FakeUpstream(String name) {
        this.name = name;
        this.upstream = new Upstream(name + ":25", Duration.ofMinutes(5));
        this.ch = new EmbeddedChannel(upstream.new Counter(), new SmtpReplyDecoder(), upstream);
    }

    void reply(String text) {
        if (!ch.isOpen()) {
            return;
        }
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Reads what Mamori wrote and answers; true when anything happened. */
    boolean process() {
        boolean any = false;
        if (!greeted && greeting != null) {
            greeted = true;
            reply(greeting);
            any = true;
        }
        ch.runPendingTasks();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            pending.writeBytes(bytes);
            any = true;
        }
        int batch = 0;
        while (true) {
            byte[] buf = pending.toByteArray();
            if (inData) {
                int end = indexOf(buf, "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                int len;
                if (buf.length >= 3 && buf[0] == '.' && buf[1] == '\r' && buf[2] == '\n') {
                    len = 0;
                    end = -2; // empty message
                } else if (end < 0) {
                    break;
                } else {
                    len = end + 2;
                }
                messages.add(Arrays.copyOf(buf, len));
                int consumed = end == -2 ? 3 : end + 5;
                pending.reset();
                pending.write(buf, consumed, buf.length - consumed);
                inData = false;
                if (answerData) {
                    reply(finalReply);
                }
                continue;
            }
            int lf = indexOf(buf, new byte[]{'\n'});
            if (lf < 0) {
                break;
            }
            String line = new String(buf, 0, lf, StandardCharsets.UTF_8).replaceAll("\r$", "");
            pending.reset();
            pending.write(buf, lf + 1, buf.length - lf - 1);
            commands.add(line);
            batch++;
            String r = answer(line);
            if (r != null) {
                reply(r);
            }
        }
        maxBatch = Math.max(maxBatch, batch);
        return any;
    }

    private String answer(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (upper.startsWith(e.getKey())) {
                if (e.getKey().startsWith("DATA") && e.getValue().startsWith("354")) {
                    inData = true;
                }
                return e.getValue().isEmpty() ? null : e.getValue();
            }
        }
        String verb = upper.split(" ", 2)[0];
        return switch (verb) {
            case "EHLO" -> ehlo;
            case "HELO" -> "250 fake.example\r\n";
            case "MAIL" -> "250 2.1.0 Ok\r\n";
            case "RCPT" -> "250 2.1.5 Ok\r\n";
            case "DATA" -> {
                inData = true;
                yield "354 End data with <CR><LF>.<CR><LF>\r\n";
            }
            case "RSET", "NOOP" -> "250 2.0.0 Ok\r\n";
            case "QUIT" -> "221 2.0.0 Bye\r\n";
            case "XCLIENT" -> "220 fake.example ESMTP\r\n";
            case "XFORWARD" -> "250 2.0.0 Ok\r\n";
            default -> "502 5.5.2 Error: command not recognized\r\n";
        };
    }

    long count(String prefix) {
        return commands.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith(prefix)).count();
    }

    private static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= a.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (a[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
