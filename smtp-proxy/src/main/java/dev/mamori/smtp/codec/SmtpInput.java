package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;

/** What {@link SmtpInputFramer} hands the session: a command line, an overlong line, or a piece of DATA. */
public sealed interface SmtpInput {
    /**
     * A command line without its line end.
     *
     * @param text the line as UTF-8 (SMTPUTF8 addresses)
     * @param forbidden whether the line contained a NUL or a CR (other than before its LF): refused, since no command
     *                  may carry one and a CR would let a client smuggle a second command into a relayed line
     */
    record Line(String text, boolean forbidden) implements SmtpInput {
    }

    /** A command line longer than the limit; its bytes were discarded up to and including its line end. */
    record TooLong() implements SmtpInput {
    }

    /** Message content, un-dot-stuffed. The receiver releases it. */
    record Content(ByteBuf bytes) implements SmtpInput {
    }

    /**
     * The end of DATA ({@code CRLF . CRLF}).
     *
     * @param bareLineEnd whether the content had a CR or LF that was not part of a CRLF pair
     */
    record DataEnd(boolean bareLineEnd) implements SmtpInput {
    }
}
