package dev.mamori.app.log;

import dev.mamori.core.config.SyslogProtocol;
import dev.mamori.core.config.SyslogSettings;
import dev.mamori.core.log.SyslogEvents;
import dev.mamori.core.tls.Pem;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.SocketAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.Rfc5424Layout;
import org.apache.logging.log4j.core.net.Facility;
import org.apache.logging.log4j.core.net.Protocol;
import org.apache.logging.log4j.core.net.ssl.SslConfiguration;
import org.apache.logging.log4j.core.net.ssl.TrustStoreConfiguration;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Adds the RFC 5424 syslog output to the running Log4j configuration, programmatically, from {@code logging.syslog}:
 * <pre>
 *   event loggers (mamori.detection/alert/component/audit, INFO+) ─┐
 *   root logger (WARN+)                                             ├─▶ SyslogRedacted (Rewrite, &lt;Redact/&gt;)
 *                                                                   │     ─▶ SyslogAsync (bounded, never blocks)
 *                                                                   │         ─▶ Syslog (Socket, Rfc5424Layout)
 * </pre>
 * Redaction stays in front, as for the console and the file. The asynchronous stage drops rather than blocks when
 * the syslog server is slow or gone, so a logging call on an event loop never waits for the network. TCP uses
 * newline framing (RFC 6587), TLS the octet-counting frame of RFC 5425 with the server's certificate and host name
 * verified (JDK trust store, plus {@code caFile}).
 */
public final class SyslogOutput {
    public static final String SYSLOG = "Syslog";
    public static final String ASYNC = "SyslogAsync";
    public static final String REDACTED = "SyslogRedacted";
    static final List<String> EVENT_LOGGERS = List.of(SyslogEvents.DETECTION_LOGGER, SyslogEvents.ALERT_LOGGER,
            SyslogEvents.COMPONENT_LOGGER, SyslogEvents.AUDIT_LOGGER);

    private SyslogOutput() {
    }

    /**
     * Installs the output in {@code context}; {@code workDir} holds the trust store built from {@code caFile}.
     * Does nothing when syslog is disabled. Call again after every reconfiguration (a rebuilt configuration drops it).
     */
    public static void install(LoggerContext context, SyslogSettings s, Path workDir)
            throws IOException, GeneralSecurityException {
        if (!s.enabled()) {
            return;
        }
        Configuration cfg = context.getConfiguration();
        Rfc5424Layout layout = new Rfc5424Layout.Rfc5424LayoutBuilder()
                .setConfig(cfg)
                .setFacility(Facility.toFacility(s.facility().toUpperCase(Locale.ROOT)))
                .setAppName(s.appName())
                .setEnterpriseNumber(SyslogEvents.ENTERPRISE_NUMBER)
                .setIncludeMDC(false)
                .setNewLine(s.protocol() == SyslogProtocol.TCP)
                .setEscapeNL("\\n")
                .setUseTlsMessageFormat(s.protocol() == SyslogProtocol.TLS)
                .build();
        SocketAppender socket = SocketAppender.newBuilder()
                .setName(SYSLOG)
                .setConfiguration(cfg)
                .setLayout(layout)
                .setHost(s.host())
                .setPort(s.port())
                .setProtocol(switch (s.protocol()) {
                    case UDP -> Protocol.UDP;
                    case TCP -> Protocol.TCP;
                    case TLS -> Protocol.SSL;
                })
                .setSslConfiguration(s.protocol() == SyslogProtocol.TLS ? tls(s.caFile(), workDir) : null)
                .setConnectTimeoutMillis(5000)
                .setReconnectDelayMillis(5000)
                .setImmediateFail(false)
                .setImmediateFlush(true)
                .setIgnoreExceptions(true)
                .build();
        if (socket == null) {
            throw new IOException("syslog output to " + s.host() + ":" + s.port() + " could not be created");
        }
        socket.start();
        cfg.addAppender(socket);
        AsyncAppender async = AsyncAppender.newBuilder()
                .setName(ASYNC)
                .setConfiguration(cfg)
                .setAppenderRefs(new AppenderRef[]{AppenderRef.createAppenderRef(SYSLOG, null, null)})
                .setBlocking(false)
                .setBufferSize(1024)
                .setShutdownTimeout(2000)
                .build();
        async.start();
        cfg.addAppender(async);
        RewriteAppender redacted = RewriteAppender.createAppender(REDACTED, "true",
                new AppenderRef[]{AppenderRef.createAppenderRef(ASYNC, null, null)}, cfg,
                RedactingRewritePolicy.createPolicy(), null);
        redacted.start();
        cfg.addAppender(redacted);

        LoggerConfig root = cfg.getRootLogger();
        List<Appender> rootAppenders = List.copyOf(root.getAppenders().values());
        for (String name : EVENT_LOGGERS) {
            // not additive: the root's WARN+ syslog reference would send a detection twice
            LoggerConfig lc = new LoggerConfig(name, Level.INFO, false);
            for (Appender a : rootAppenders) {
                lc.addAppender(a, null, null);
            }
            lc.addAppender(redacted, Level.INFO, null);
            cfg.removeLogger(name);
            cfg.addLogger(name, lc);
        }
        root.addAppender(redacted, Level.WARN, null);
        context.updateLoggers();
    }

    /** TLS with host name verification; trust = the JDK's CAs, plus those in {@code caFile}. */
    private static SslConfiguration tls(Path caFile, Path workDir) throws IOException, GeneralSecurityException {
        if (caFile == null) {
            return SslConfiguration.createSSLConfiguration("TLS", null, null, true);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        int i = 0;
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    trust.setCertificateEntry("jdk-" + i++, c);
                }
            }
        }
        for (X509Certificate c : Pem.readCertificates(caFile)) {
            trust.setCertificateEntry("ca-" + i++, c);
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();
        Files.createDirectories(workDir);
        Path file = workDir.resolve("syslog-trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, password);
        }
        try {
            return SslConfiguration.createSSLConfiguration("TLS", null,
                    new TrustStoreConfiguration(file.toString(), password, "PKCS12", null), true);
        } catch (org.apache.logging.log4j.core.net.ssl.StoreConfigurationException e) {
            throw new GeneralSecurityException("trust store for syslog TLS: " + e.getMessage(), e);
        }
    }
}
