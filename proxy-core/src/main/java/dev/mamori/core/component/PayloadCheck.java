package dev.mamori.core.component;

import dev.mamori.core.component.bundle.BundleException;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.heur.HeuristicEngine;
import dev.mamori.core.scan.heur.HeuristicRulesParser;
import dev.mamori.core.scan.sig.SignatureContentEngine;
import dev.mamori.core.scan.sig.SignatureEngine;
import dev.mamori.core.scan.sig.SignatureFormat;
import dev.mamori.core.scan.sig.SignatureFormatException;
import dev.mamori.core.scan.url.UrlBlocklist;
import dev.mamori.core.scan.url.UrlEngine;
import dev.mamori.core.scan.url.UrlExtractor;
import dev.mamori.core.scan.url.WebUrl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks a component's payload by loading it with the parser the engine uses and scanning the self-test samples with
 * an engine built from it alone. The publisher's {@code mamori bundle build} and the updater run the same check, so a
 * bundle that would not load is never signed, and one that does not load here is never installed.
 */
public final class PayloadCheck {
    private PayloadCheck() {
    }

    /** Returns a one-line summary of what was loaded; throws with the reason when the payload is not usable. */
    public static String check(ComponentKind kind, List<Path> files, Path workDir) throws BundleException {
        if (files.isEmpty()) {
            throw new BundleException("wrong format: " + kind.id() + " needs at least one file");
        }
        try {
            return switch (kind) {
                case VIRUS_PATTERNS -> signatures(files, workDir);
                case URL_BLOCKLIST -> urls(one(kind, files), workDir);
                case HEURISTIC_RULES -> rules(one(kind, files), workDir);
            };
        } catch (IOException | RuntimeException e) {
            throw new BundleException("wrong format: " + kind.id() + ": " + e.getMessage(), e);
        } catch (SelfTest.SelfTestException e) {
            throw new BundleException(e.getMessage(), e);
        }
    }

    private static Path one(ComponentKind kind, List<Path> files) throws BundleException {
        if (files.size() != 1) {
            throw new BundleException("wrong format: " + kind.id() + " holds exactly one file, not " + files.size());
        }
        return files.getFirst();
    }

    private static String signatures(List<Path> files, Path workDir) throws BundleException, IOException, SelfTest.SelfTestException {
        for (Path f : files) {
            if (SignatureFormat.ofFile(f).isEmpty()) {
                throw new BundleException("wrong format: " + f.getFileName() + " is not a .hdb, .hsb or .ndb file");
            }
        }
        SignatureEngine engine;
        try {
            engine = SignatureEngine.load(files);
        } catch (SignatureFormatException e) {
            throw new BundleException("wrong format: " + e.getMessage(), e);
        }
        new SelfTest(workDir).run(List.<ContentEngine>of(new SignatureContentEngine(engine)), true, null);
        return engine.stats().toString();
    }

    private static String urls(Path file, Path workDir) throws BundleException, IOException, SelfTest.SelfTestException {
        UrlBlocklist list = UrlBlocklist.load(file);
        if (list.urlEntries() + list.hostEntries() == 0) {
            throw new BundleException("wrong format: " + file.getFileName() + " has no usable entry");
        }
        String first = firstEntry(file).orElseThrow(() -> new BundleException("wrong format: no entry in " + file.getFileName()));
        WebUrl url = WebUrl.parse(first.contains("://") ? first : "http://" + first + "/")
                .orElseThrow(() -> new BundleException("wrong format: the first entry '" + first + "' is not a URL or host"));
        if (list.match(url).isEmpty()) {
            throw new BundleException("self-test failed: the list's first entry " + first + " does not match itself");
        }
        if (list.match(WebUrl.parse(SelfTest.CLEAN_URL).orElseThrow()).isPresent()) {
            throw new BundleException("self-test failed: the list blocks the clean test URL " + SelfTest.CLEAN_URL);
        }
        new SelfTest(workDir).run(List.of(new UrlEngine(list, new UrlExtractor())), false, url.toString());
        return list.toString();
    }

    /** The first entry of a list: the self-test URL that must be detected. */
    public static Optional<String> firstEntry(Path list) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private static String rules(Path file, Path workDir) throws IOException, SelfTest.SelfTestException {
        var rules = HeuristicRulesParser.load(file);
        new SelfTest(workDir).run(List.of(new HeuristicEngine(rules)), false, null);
        return "heuristic rules " + file.getFileName();
    }
}
