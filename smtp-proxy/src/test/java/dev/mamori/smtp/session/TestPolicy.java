package dev.mamori.smtp.session;

import dev.mamori.smtp.policy.PolicyReply;
import dev.mamori.smtp.policy.SmtpClientFacts;
import dev.mamori.smtp.policy.SmtpPolicy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A small gateway policy for tests: refuses what it is told to, and records what it was asked. */
final class TestPolicy implements SmtpPolicy {
    PolicyReply atConnect = PolicyReply.ACCEPT;
    PolicyReply atMail = PolicyReply.ACCEPT;
    String refusedRecipient;
    final List<SmtpClientFacts> connects = new CopyOnWriteArrayList<>();
    final List<SmtpClientFacts> rcptFacts = new CopyOnWriteArrayList<>();
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final List<SmtpClientFacts> disconnects = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<PolicyReply> connect(SmtpClientFacts client) {
        connects.add(client);
        return CompletableFuture.completedFuture(atConnect);
    }

    @Override
    public PolicyReply mailFrom(SmtpClientFacts client, String sender) {
        return atMail;
    }

    @Override
    public PolicyReply rcptTo(SmtpClientFacts client, String sender, String recipient) {
        rcptFacts.add(client);
        return recipient.equals(refusedRecipient) ? new PolicyReply(550, "5.7.1", "Relaying denied") : PolicyReply.ACCEPT;
    }

    @Override
    public void accepted(SmtpClientFacts client, String sender, int recipients) {
        accepted.add(sender + "/" + recipients);
    }

    @Override
    public void disconnected(SmtpClientFacts client) {
        disconnects.add(client);
    }
}
