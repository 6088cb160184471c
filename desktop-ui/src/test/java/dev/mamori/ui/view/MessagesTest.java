package dev.mamori.ui.view;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every string key the views use literally is in messages.properties (what a translation must cover). */
class MessagesTest {
    private static final Pattern KEY = Pattern.compile("i18n\\.(?:get|format|plain)\\(\"([a-zA-Z0-9_.]+)\"");

    @Test
    void everyKeyUsedInTheCodeExists() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KEY.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).endsWith(".")) { // a prefix completed at run time: listed below
                        used.add(m.group(1));
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(50);
        ResourceBundle bundle = ResourceBundle.getBundle("dev.mamori.ui.messages", java.util.Locale.ROOT);
        assertThat(used).allSatisfy(k -> assertThat(bundle.containsKey(k)).as(k).isTrue());
        // keys built at run time: screens, settings sections, outcomes, component actions
        for (String k : new String[] {"nav.overview", "nav.detections", "nav.quarantine", "nav.components", "nav.settings",
                "nav.log", "settings.section.upstreams", "settings.section.listeners", "settings.section.policy",
                "settings.section.updates", "quarantine.release.done", "quarantine.delete.done", "quarantine.export.done",
                "quarantine.release.failed", "quarantine.delete.failed", "quarantine.export.failed", "quarantine.missing",
                "components.running.update", "components.running.rollback", "overview.range.live", "overview.range.hour",
                "overview.range.day",
                "accounts.done.added", "accounts.done.updated", "accounts.done.reset", "accounts.done.removed"}) {
            assertThat(bundle.containsKey(k)).as(k).isTrue();
        }
    }
}
