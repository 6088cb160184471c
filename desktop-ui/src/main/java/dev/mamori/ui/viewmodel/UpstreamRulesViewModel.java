package dev.mamori.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The "Upstream allow-list" editor: the rules of {@code upstreams.allow} as a table, and Add, Edit and Remove. Each
 * change writes the whole list back ({@code upstreams.allow} replaced in block style: comments inside the list go,
 * the rest of the file stays as it was) and the server validates it: host patterns, port ranges, address ranges and
 * TLS modes are checked there, so this model only splits what was typed into list entries.
 */
public final class UpstreamRulesViewModel {
    /** The TLS choices of a rule; empty means "the section default" (no {@code tls:} key). */
    public static final List<String> TLS_CHOICES = List.of("", "required", "opportunistic", "none", "implicit");

    /** One rule as the file has it, in words. {@code tls} is empty when the rule takes the section default. */
    public record Rule(List<String> hosts, List<String> ports, List<String> permitAddresses, String tls) {
        public Rule {
            hosts = List.copyOf(hosts);
            ports = List.copyOf(ports);
            permitAddresses = List.copyOf(permitAddresses);
            tls = tls == null ? "" : tls;
        }

        /** A rule from the fields of the dialog: lists separated by commas or spaces. */
        public static Rule of(String hosts, String ports, String permitAddresses, String tls) {
            return new Rule(split(hosts), split(ports), split(permitAddresses), tls == null ? "" : tls.strip());
        }

        public String hostsText() {
            return String.join(", ", hosts);
        }

        public String portsText() {
            return String.join(", ", ports);
        }

        public String permitText() {
            return String.join(", ", permitAddresses);
        }

        /** The rule as the config file writes it; a port number stays a number, a range is text. */
        Map<String, Object> yaml() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hosts", hosts);
            m.put("ports", ports.stream().<Object>map(p -> p.matches("\\d{1,5}") ? Integer.valueOf(p) : p).toList());
            if (!permitAddresses.isEmpty()) {
                m.put("permitAddresses", permitAddresses);
            }
            if (!tls.isEmpty()) {
                m.put("tls", tls);
            }
            return m;
        }

        private static List<String> split(String text) {
            if (text == null) {
                return List.of();
            }
            return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    private static final List<String> PATH = List.of("upstreams", "allow");
    private final Function<List<ConfigEdit>, CompletionStage<Void>> sender;
    private final ObservableList<Rule> rules = FXCollections.observableArrayList();
    private final ObservableList<Rule> rulesView = FXCollections.unmodifiableObservableList(rules);

    public UpstreamRulesViewModel(Function<List<ConfigEdit>, CompletionStage<Void>> sender) {
        this.sender = sender;
    }

    /** The rules in the order the file has them (the first match wins). */
    public ObservableList<Rule> rules() {
        return rulesView;
    }

    void load(JsonNode root) {
        List<Rule> out = new ArrayList<>();
        for (JsonNode r : root.path("upstreams").path("allow")) {
            out.add(new Rule(texts(r.path("hosts")), texts(r.path("ports")), texts(r.path("permitAddresses")),
                    r.path("tls").asText("")));
        }
        rules.setAll(out);
    }

    private static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else if (n.isValueNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    /** Adds a rule at the end of the list. */
    public CompletionStage<Void> add(Rule rule) {
        List<Rule> next = new ArrayList<>(rules);
        next.add(rule);
        return send(next);
    }

    /** Replaces the rule at {@code index}. */
    public CompletionStage<Void> replace(int index, Rule rule) {
        List<Rule> next = new ArrayList<>(rules);
        next.set(index, rule);
        return send(next);
    }

    /** Removes the rule at {@code index}. */
    public CompletionStage<Void> remove(int index) {
        List<Rule> next = new ArrayList<>(rules);
        next.remove(index);
        return send(next);
    }

    private CompletionStage<Void> send(List<Rule> next) {
        return sender.apply(List.of(new ConfigEdit(PATH, next.stream().map(Rule::yaml).toList())));
    }
}
