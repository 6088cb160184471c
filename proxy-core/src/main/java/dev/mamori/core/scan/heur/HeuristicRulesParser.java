package dev.mamori.core.scan.heur;

import dev.mamori.core.config.DataSize;
import dev.mamori.core.scan.content.FileType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a heuristics rules file: one directive a line, {@code #} comments, starting from
 * {@link HeuristicRules#defaults()} so that a site file only says what it changes.
 * <pre>
 * disable  deceptive-link                  # checks: executable-content blocked-extension double-extension
 * enable   deceptive-link                  #         extension-mismatch office-macro deceptive-link
 * block-extension  one two                 # add to the blocked extensions
 * allow-extension  jar                     # remove from them
 * block-type  ELF                          # add detected types (FileType names) to the blocked types
 * allow-type  ISO9660                      # remove them (they stay suspicious)
 * executable-extension  / decoy-extension  # add to the double-extension sets
 * trust-link-host  click.example.net       # hrefs to this host and its sub-domains never count as deceptive
 * clear  blocked-extensions                # empty a set first: blocked-extensions blocked-types
 *                                          #   executable-extensions decoy-extensions trusted-link-hosts
 * max-html-bytes  4MiB
 * max-links  1000
 * </pre>
 * An unknown directive, check or type refuses the whole file: a typo must not silently weaken the rules.
 */
public final class HeuristicRulesParser {
    private HeuristicRulesParser() {
    }

    public static HeuristicRules load(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        }
    }

    public static HeuristicRules parse(String text) throws RulesSyntaxException {
        try {
            return parse(new BufferedReader(new StringReader(text)));
        } catch (RulesSyntaxException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    public static HeuristicRules parse(BufferedReader in) throws IOException {
        HeuristicRules d = HeuristicRules.defaults();
        Draft draft = new Draft(d);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            List<String> words = Arrays.asList(content.split("\\s+"));
            try {
                draft.apply(words.getFirst().toLowerCase(Locale.ROOT), words.subList(1, words.size()));
            } catch (IllegalArgumentException e) {
                throw new RulesSyntaxException(lineNo, e.getMessage());
            }
        }
        try {
            return draft.build();
        } catch (IllegalArgumentException e) {
            throw new RulesSyntaxException(lineNo, e.getMessage());
        }
    }

    /** The rules being read: mutable copies of the defaults' sets. */
    private static final class Draft {
        final Set<HeuristicRules.Check> checks;
        final Set<String> blockedExtensions;
        final Set<FileType> blockedTypes;
        final Set<String> executableExtensions;
        final Set<String> decoyExtensions;
        final Set<String> trustedLinkHosts;
        int maxHtmlBytes;
        int maxLinks;

        Draft(HeuristicRules d) {
            checks = EnumSet.noneOf(HeuristicRules.Check.class);
            checks.addAll(d.checks());
            blockedExtensions = new HashSet<>(d.blockedExtensions());
            blockedTypes = EnumSet.noneOf(FileType.class);
            blockedTypes.addAll(d.blockedTypes());
            executableExtensions = new HashSet<>(d.executableExtensions());
            decoyExtensions = new HashSet<>(d.decoyExtensions());
            trustedLinkHosts = new HashSet<>(d.trustedLinkHosts());
            maxHtmlBytes = d.maxHtmlBytes();
            maxLinks = d.maxLinks();
        }

        void apply(String directive, List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException(directive + " needs at least one argument");
            }
            switch (directive) {
                case "enable" -> args.forEach(a -> checks.add(check(a)));
                case "disable" -> args.forEach(a -> checks.remove(check(a)));
                case "block-extension" -> args.forEach(a -> blockedExtensions.add(extension(a)));
                case "allow-extension" -> args.forEach(a -> blockedExtensions.remove(extension(a)));
                case "block-type" -> args.forEach(a -> blockedTypes.add(type(a)));
                case "allow-type" -> args.forEach(a -> blockedTypes.remove(type(a)));
                case "executable-extension" -> args.forEach(a -> executableExtensions.add(extension(a)));
                case "decoy-extension" -> args.forEach(a -> decoyExtensions.add(extension(a)));
                case "trust-link-host" -> args.forEach(a -> trustedLinkHosts.add(a.toLowerCase(Locale.ROOT)));
                case "clear" -> args.forEach(this::clear);
                case "max-html-bytes" -> maxHtmlBytes = DataSize.parse(single(directive, args)).toIntBytes();
                case "max-links" -> maxLinks = number(single(directive, args));
                default -> throw new IllegalArgumentException("unknown directive '" + directive + "'");
            }
        }

        HeuristicRules build() {
            return new HeuristicRules(checks, blockedExtensions, blockedTypes, executableExtensions,
                    decoyExtensions, trustedLinkHosts, maxHtmlBytes, maxLinks);
        }

        private void clear(String set) {
            switch (set.toLowerCase(Locale.ROOT)) {
                case "blocked-extensions" -> blockedExtensions.clear();
                case "blocked-types" -> blockedTypes.clear();
                case "executable-extensions" -> executableExtensions.clear();
                case "decoy-extensions" -> decoyExtensions.clear();
                case "trusted-link-hosts" -> trustedLinkHosts.clear();
                default -> throw new IllegalArgumentException("unknown set '" + set + "'");
            }
        }

        private static HeuristicRules.Check check(String key) {
            for (HeuristicRules.Check c : HeuristicRules.Check.values()) {
                if (c.key().equalsIgnoreCase(key)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown check '" + key + "'");
        }

        private static FileType type(String name) {
            try {
                return FileType.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown file type '" + name + "'");
            }
        }

        private static String extension(String e) {
            String x = (e.startsWith(".") ? e.substring(1) : e).toLowerCase(Locale.ROOT);
            if (x.isEmpty() || !x.chars().allMatch(Character::isLetterOrDigit)) {
                throw new IllegalArgumentException("not an extension: '" + e + "'");
            }
            return x;
        }

        private static String single(String directive, List<String> args) {
            if (args.size() != 1) {
                throw new IllegalArgumentException(directive + " takes one value");
            }
            return args.getFirst();
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: '" + s + "'");
            }
        }
    }
}
