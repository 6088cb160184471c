/**
 * The SMTP proxy: {@link dev.mamori.smtp.SmtpProxy} binds the configured listeners; the session relay is in
 * {@code session}, the framing in {@code codec}, and the gateway policy interface in {@code policy}.
 */
package dev.mamori.smtp;
