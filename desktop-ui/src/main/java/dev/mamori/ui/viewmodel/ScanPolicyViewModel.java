package dev.mamori.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.ConfigText;
import dev.mamori.core.scan.policy.PolicyAction;
import dev.mamori.core.scan.policy.ScanPolicy;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The "Scan policy" editor: per verdict category the action (one of the {@link #ACTIONS}), and what happens when the
 * scanner itself fails. Apply writes only the categories that changed ({@code scan.policy.<category>}), each replaced
 * in place so the comments around them stay, and the server validates the whole file before applying it.
 */
public final class ScanPolicyViewModel {
    /** The verdict categories, as the config file names them. */
    public static final List<String> CATEGORIES = List.of("virus", "blockedAttachment", "suspicious", "maliciousUrl",
            "unscannable", "encrypted", "malformed");
    /** Every action {@link PolicyAction} accepts, in words: a disposition, then optionally tag and quarantine. */
    public static final List<String> ACTIONS = actions();
    /** The key of the scan-failure choice, beside the categories. */
    public static final String SCAN_FAILURE = "scanFailure";
    public static final List<String> SCAN_FAILURE_CHOICES = List.of("tempfail", "deliver-tagged");

    private final Function<List<ConfigEdit>, CompletionStage<Void>> sender;
    private final Map<String, StringProperty> choices = new LinkedHashMap<>();
    private final Map<String, String> loaded = new LinkedHashMap<>();

    public ScanPolicyViewModel(Function<List<ConfigEdit>, CompletionStage<Void>> sender) {
        this.sender = sender;
        for (String c : CATEGORIES) {
            choices.put(c, new SimpleStringProperty(this, c));
        }
        choices.put(SCAN_FAILURE, new SimpleStringProperty(this, SCAN_FAILURE));
        load(ScanPolicy.defaults());
    }

    private static List<String> actions() {
        List<String> out = new ArrayList<>();
        for (PolicyAction.Disposition d : PolicyAction.Disposition.values()) {
            for (boolean tag : new boolean[]{false, true}) {
                for (boolean quarantine : new boolean[]{false, true}) {
                    out.add(String.join(", ", new PolicyAction(d, tag, quarantine).words()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The choice for a category (or {@link #SCAN_FAILURE}); the view binds a choice box to it. */
    public StringProperty choice(String key) {
        StringProperty p = choices.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no such policy setting: " + key);
        }
        return p;
    }

    /** Shows the policy of a configuration text (the defaults where it sets nothing). */
    void load(JsonNode root) throws dev.mamori.core.config.ConfigException {
        JsonNode node = root.path("scan").path("policy");
        String yaml = node.isObject() ? ConfigText.toYaml(node) : "";
        load(ConfigLoader.parseSection(yaml, ScanPolicy.class, "scan.policy"));
    }

    private void load(ScanPolicy p) {
        loaded.clear();
        for (String c : CATEGORIES) {
            loaded.put(c, String.join(", ", p.actionFor(category(c)).words()));
        }
        loaded.put(SCAN_FAILURE, p.scanFailure().yaml());
        loaded.forEach((k, v) -> choices.get(k).set(v));
    }

    private static dev.mamori.core.scan.policy.PolicyCategory category(String key) {
        return switch (key) {
            case "virus" -> dev.mamori.core.scan.policy.PolicyCategory.VIRUS;
            case "blockedAttachment" -> dev.mamori.core.scan.policy.PolicyCategory.BLOCKED_ATTACHMENT;
            case "suspicious" -> dev.mamori.core.scan.policy.PolicyCategory.SUSPICIOUS;
            case "maliciousUrl" -> dev.mamori.core.scan.policy.PolicyCategory.MALICIOUS_URL;
            case "unscannable" -> dev.mamori.core.scan.policy.PolicyCategory.UNSCANNABLE;
            case "encrypted" -> dev.mamori.core.scan.policy.PolicyCategory.ENCRYPTED;
            case "malformed" -> dev.mamori.core.scan.policy.PolicyCategory.MALFORMED;
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** Whether any choice differs from the configuration shown. */
    public boolean changed() {
        return !edits().isEmpty();
    }

    /** Puts the choices back to the configuration shown. */
    public void revert() {
        loaded.forEach((k, v) -> choices.get(k).set(v));
    }

    /**
     * Sends the changed settings; completes (on the UI executor) when the server accepted, exceptionally with its
     * reason otherwise. Nothing changed: completes at once without asking the server.
     */
    public CompletionStage<Void> apply() {
        List<ConfigEdit> edits = edits();
        return edits.isEmpty() ? CompletableFuture.completedFuture(null) : sender.apply(edits);
    }

    private List<ConfigEdit> edits() {
        List<ConfigEdit> edits = new ArrayList<>();
        choices.forEach((k, p) -> {
            String now = p.get();
            if (now != null && !now.equals(loaded.get(k))) {
                Object value = k.equals(SCAN_FAILURE) ? now : Arrays.stream(now.split(",")).map(String::strip).toList();
                edits.add(new ConfigEdit(List.of("scan", "policy", k), value));
            }
        });
        return edits;
    }
}
