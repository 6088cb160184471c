package dev.mamori.ui.view;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** messages_ja.properties translates every key of messages.properties, with the same placeholders. */
class TranslationsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TranslationsTest.class.getResourceAsStream("/dev/mamori/ui/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theJapaneseBundleHasExactlyTheKeysAndPlaceholdersOfTheEnglishOne() throws IOException {
        Properties en = load("messages.properties");
        Properties ja = load("messages_ja.properties");
        assertThat(new TreeSet<>(ja.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
        int japanese = 0;
        for (String key : en.stringPropertyNames()) {
            String e = en.getProperty(key);
            String j = ja.getProperty(key);
            assertThat(j).as(key).isNotBlank();
            assertThat(placeholders(j)).as(key + ": " + j).isEqualTo(placeholders(e));
            assertThat(j.contains("_")).as(key + ": a mnemonic in one language only: " + j).isEqualTo(e.contains("_"));
            new MessageFormat(e, Locale.ENGLISH); // both must parse as the patterns I18n.format uses
            new MessageFormat(j, Locale.JAPANESE);
            if (j.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                    || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA
                    || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                japanese++;
            }
        }
        // names and formats (Mamori, POP3, "{0} KB"...) stay as they are; everything else is translated
        assertThat(japanese).as("keys written in Japanese").isGreaterThan(en.size() * 9 / 10);
    }

    @Test
    void i18nPicksTheAskedLanguageWhateverTheJvmDefault() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.JAPAN);
            assertThat(new I18n(Locale.ENGLISH, ZoneId.of("UTC")).get("overview.title")).isEqualTo("Overview");
            assertThat(I18n.system().get("overview.title")).isEqualTo("概要");
            I18n ja = new I18n(Locale.JAPANESE, ZoneId.of("UTC"));
            assertThat(ja.format("quarantine.export.done", "Q-1", "/tmp/q.eml")).isEqualTo("Q-1 を /tmp/q.eml にエクスポートしました。");
            assertThat(ja.plain("close.keep")).isEqualTo("実行を続ける");
            assertThat(ja.count(12345)).isEqualTo("12,345");
            Locale.setDefault(Locale.ENGLISH);
            assertThat(new I18n(Locale.JAPAN, ZoneId.of("UTC")).get("nav.overview")).isEqualTo("概要(_O)");
            assertThat(new I18n(Locale.ENGLISH, ZoneId.of("UTC")).plain("close.keep")).isEqualTo("Keep running");
        } finally {
            Locale.setDefault(before);
        }
    }
}
