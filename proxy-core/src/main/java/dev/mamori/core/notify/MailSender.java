package dev.mamori.core.notify;

/** Delivers one notification to the administrators; blocking, called on the notifier's own thread. */
public interface MailSender {
    void send(String subject, String body) throws Exception;
}
