/**
 * SMTP framing: the client side ({@link dev.mamori.smtp.codec.SmtpInputFramer}: command lines with a length limit,
 * DATA content un-stuffed up to its terminator), the upstream side ({@link dev.mamori.smtp.codec.SmtpReplyDecoder}),
 * and {@link dev.mamori.smtp.codec.DotStuffer} for sending content upstream.
 */
package dev.mamori.smtp.codec;
