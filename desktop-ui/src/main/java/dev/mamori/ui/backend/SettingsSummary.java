package dev.mamori.ui.backend;

import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.scan.policy.PolicyAction;
import dev.mamori.core.scan.policy.ScanPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The parts of a configuration a small site changes, in words, for the settings screen. */
final class SettingsSummary {
    private SettingsSummary() {
    }

    static List<ConfigView.Section> of(MamoriConfig config, List<ComponentStatus> components) {
        List<ConfigView.Section> sections = new ArrayList<>();

        List<ConfigView.Entry> upstreams = new ArrayList<>();
        for (UpstreamRule r : config.upstreams().allow()) {
            String ports = r.ports().stream().map(Object::toString).collect(Collectors.joining(", "));
            String tls = r.tls() == null ? EmbeddedBackend.word(config.upstreams().tls()) : EmbeddedBackend.word(r.tls());
            String permit = r.permitAddresses() == null || r.permitAddresses().isEmpty() ? ""
                    : "; internal addresses allowed: " + r.permitAddresses().stream().map(Object::toString).collect(Collectors.joining(", "));
            upstreams.add(new ConfigView.Entry(String.join(", ", r.hosts()), "ports " + ports + "; TLS " + tls + permit));
        }
        sections.add(new ConfigView.Section("upstreams", upstreams));

        List<ConfigView.Entry> listeners = new ArrayList<>();
        for (Pop3Listener l : config.pop3().listeners()) {
            String upstream = l.upstream() == null ? "" : " → " + l.upstream().host() + ":" + l.upstream().port();
            listeners.add(new ConfigView.Entry("POP3 " + l.name(), EmbeddedBackend.word(l.mode()) + " on " + l.bind()
                    + ", TLS " + EmbeddedBackend.word(l.tls()) + upstream));
        }
        sections.add(new ConfigView.Section("listeners", listeners));

        ScanPolicy p = config.scan().policy();
        List<ConfigView.Entry> policy = new ArrayList<>();
        policy.add(action("virus", p.virus()));
        policy.add(action("blocked attachment", p.blockedAttachment()));
        policy.add(action("suspicious", p.suspicious()));
        policy.add(action("malicious URL", p.maliciousUrl()));
        policy.add(action("unscannable", p.unscannable()));
        policy.add(action("encrypted", p.encrypted()));
        policy.add(action("malformed", p.malformed()));
        policy.add(new ConfigView.Entry("scan failure", p.scanFailure().yaml()));
        policy.add(new ConfigView.Entry("quarantine kept for", words(config.scan().quarantineRetention())));
        sections.add(new ConfigView.Section("policy", policy));

        List<ConfigView.Entry> updates = new ArrayList<>();
        for (ComponentStatus c : components) {
            String schedule = c.schedule() == null ? (c.detail() == null ? "not scheduled" : c.detail())
                    : "every " + words(c.schedule());
            updates.add(new ConfigView.Entry(c.name(), schedule));
        }
        sections.add(new ConfigView.Section("updates", updates));
        return sections;
    }

    /** {@code 30 days}, {@code 6 hours}, {@code 90 minutes}. */
    static String words(java.time.Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }

    private static ConfigView.Entry action(String category, PolicyAction a) {
        return new ConfigView.Entry(category, a == null ? "" : String.join(", ", a.words()));
    }
}
