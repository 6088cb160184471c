package dev.mamori.core.component;

import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.scan.clamd.ClamdEngine;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.heur.HeuristicEngine;
import dev.mamori.core.scan.heur.HeuristicRules;
import dev.mamori.core.scan.heur.HeuristicRulesParser;
import dev.mamori.core.scan.sig.SignatureContentEngine;
import dev.mamori.core.scan.sig.SignatureEngine;
import dev.mamori.core.scan.sig.SignatureFormatException;
import dev.mamori.core.scan.url.UrlBlocklist;
import dev.mamori.core.scan.url.UrlEngine;
import dev.mamori.core.scan.url.UrlExtractor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds a whole engine set from the installed components plus the local files of {@code scan:}. What each source
 * contributes:
 * <ul>
 *   <li>signatures: the component's files and {@code scan.signatureFiles}, all loaded (plus the built-in EICAR);</li>
 *   <li>URL blocklist: the component's list and {@code scan.urlBlocklist} merged; URL checks are on when either exists;</li>
 *   <li>heuristic rules: {@code scan.heuristicRules} when set (the operator's explicit adjustment wins), else the
 *       component's rules, else the built-in rules;</li>
 *   <li>clamd: the running set's clamd engine is kept (its connection limit stays one), or a new one from
 *       {@code scan.clamd}.</li>
 * </ul>
 * Every build makes fresh engine instances; nothing is shared with the running set but clamd.
 */
public final class EngineSetBuilder {
    private static final Logger LOG = LogManager.getLogger(EngineSetBuilder.class);

    private EngineSetBuilder() {
    }

    public static List<ContentEngine> build(ScanSettings scan, ComponentPayloads payloads, List<ContentEngine> running)
            throws IOException, SignatureFormatException {
        List<Path> sigFiles = new ArrayList<>(payloads.signatureFiles());
        sigFiles.addAll(scan.signatureFiles());
        SignatureEngine signatures = SignatureEngine.load(sigFiles);
        LOG.info("Signatures: {}", signatures.stats());
        HeuristicRules rules;
        if (scan.heuristicRules() != null) {
            rules = HeuristicRulesParser.load(scan.heuristicRules());
            if (payloads.heuristicRules() != null) {
                LOG.info("Heuristic rules from scan.heuristicRules ({}) take precedence over the installed component",
                        scan.heuristicRules());
            }
        } else if (payloads.heuristicRules() != null) {
            rules = HeuristicRulesParser.load(payloads.heuristicRules());
        } else {
            rules = HeuristicRules.defaults();
        }
        List<ContentEngine> engines = new ArrayList<>(List.of(new SignatureContentEngine(signatures), new HeuristicEngine(rules)));
        List<Path> lists = new ArrayList<>();
        if (payloads.urlBlocklist() != null) {
            lists.add(payloads.urlBlocklist());
        }
        if (scan.urlBlocklist() != null) {
            lists.add(scan.urlBlocklist());
        }
        if (!lists.isEmpty()) {
            UrlBlocklist list = loadLists(lists);
            LOG.info("URL blocklist {}: {} lines skipped", lists, list.skippedLines());
            engines.add(new UrlEngine(list, new UrlExtractor()));
        } else {
            LOG.info("No URL blocklist configured (scan.urlBlocklist or the url-blocklist component): URL checks are off");
        }
        if (scan.clamd() != null) {
            ContentEngine clamd = running == null ? null
                    : running.stream().filter(e -> e instanceof ClamdEngine).findFirst().orElse(null);
            engines.add(clamd != null ? clamd : new ClamdEngine(scan.clamd().toSettings()));
        }
        return List.copyOf(engines);
    }

    /** One list from several files, read as one text (each file ends a line). */
    static UrlBlocklist loadLists(List<Path> files) throws IOException {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Path f : files) {
                streams.add(Files.newInputStream(f));
                streams.add(new java.io.ByteArrayInputStream(new byte[]{'\n'}));
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new SequenceInputStream(Collections.enumeration(streams)), StandardCharsets.UTF_8))) {
                return UrlBlocklist.parse(in);
            }
        } finally {
            for (InputStream s : streams) {
                s.close();
            }
        }
    }
}
