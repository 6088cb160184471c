package dev.mamori.core.notify;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.NotificationSettings;
import dev.mamori.core.config.SmtpServerSettings;
import dev.mamori.core.tls.Pem;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Submits notifications with Angus Mail. TLS is verified: the JDK's CAs plus {@code upstreams.extraCaFiles}, and the
 * server's name is checked; with {@code tls: starttls} a server that does not offer STARTTLS is an error, never a
 * silent fall-back to plain text. The password is read from its file for each mail (so it can be rotated) and
 * never logged.
 */
public final class SmtpMailSender implements MailSender {
    private final NotificationSettings settings;
    private final Session session;
    private final String protocol;

    public SmtpMailSender(NotificationSettings settings, List<Path> extraCaFiles, Duration timeout)
            throws IOException, GeneralSecurityException {
        this.settings = settings;
        SmtpServerSettings smtp = settings.smtp();
        Properties p = new Properties();
        String proto = smtp.tls() == ClientTls.IMPLICIT ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        String prefix = "mail." + proto + ".";
        p.put(prefix + "host", smtp.host());
        p.put(prefix + "port", Integer.toString(smtp.port()));
        String ms = Long.toString(timeout.toMillis());
        p.put(prefix + "connectiontimeout", ms);
        p.put(prefix + "timeout", ms);
        p.put(prefix + "writetimeout", ms);
        p.put(prefix + "auth", Boolean.toString(smtp.username() != null));
        if (smtp.tls() != ClientTls.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
            p.put(prefix + "ssl.socketFactory", socketFactory(extraCaFiles));
            if (smtp.tls() == ClientTls.STARTTLS) {
                p.put(prefix + "starttls.enable", "true");
                p.put(prefix + "starttls.required", "true");
            } else {
                p.put(prefix + "ssl.enable", "true");
            }
        }
        this.session = Session.getInstance(p);
        this.protocol = proto;
    }

    @Override
    public void send(String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.from()));
        for (String to : settings.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        m.setText(body, StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies to this
        m.saveChanges();
        SmtpServerSettings smtp = settings.smtp();
        // the transport named explicitly: Transport.send would pick "smtp" for these addresses even for SMTPS
        try (Transport t = session.getTransport(protocol)) {
            if (smtp.username() == null) {
                t.connect();
            } else {
                t.connect(smtp.host(), smtp.port(), smtp.username(), password(smtp.passwordFile()));
            }
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private static String password(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalStateException("notifications.smtp.passwordFile cannot be read: " + e.getMessage());
        }
    }

    private static SSLSocketFactory socketFactory(List<Path> extraCaFiles) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int i = 0;
        for (var tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    trust.setCertificateEntry("jdk-" + i++, c);
                }
            }
        }
        for (Path f : extraCaFiles) {
            for (X509Certificate c : Pem.readCertificates(f)) {
                trust.setCertificateEntry("extra-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }
}
