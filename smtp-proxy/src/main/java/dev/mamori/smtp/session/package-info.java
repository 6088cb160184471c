/**
 * The SMTP session relay: {@link dev.mamori.smtp.session.SmtpSession} (client side, one command at a time),
 * {@link dev.mamori.smtp.session.Upstream} (Mamori's client connection to the upstream MTA) and
 * {@link dev.mamori.smtp.session.UpstreamConnector} (routes, greeting, EHLO, STARTTLS). Everything runs on the client
 * channel's event loop; spool I/O and scanning run on the runtime's executors.
 */
package dev.mamori.smtp.session;
