package dev.mamori.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The "Dedicated ports" editor: the POP3 listeners with a fixed upstream ({@code mode: dedicated}), and Add, Edit and
 * Remove. A change writes {@code pop3.listeners} back in block style with the other listeners exactly as the file has
 * them (their values, not their comments); the server checks names, addresses, ports and TLS modes and says whether a
 * restart is needed to open or close a port.
 */
public final class DedicatedPortsViewModel {
    /** Client-side TLS choices; empty means the default (STLS offered). */
    public static final List<String> CLIENT_TLS = List.of("", "starttls", "implicit", "none");
    /** Upstream TLS choices; empty means the default (implicit on 995, else the upstream section's). */
    public static final List<String> UPSTREAM_TLS = List.of("", "required", "opportunistic", "implicit", "none");

    /** One dedicated listener in words; empty optional fields take their defaults. */
    public record Port(String name, String bind, String clientTls, String host, String upstreamPort, String upstreamTls) {
        public Port {
            name = text(name);
            bind = text(bind);
            clientTls = text(clientTls);
            host = text(host);
            upstreamPort = text(upstreamPort);
            upstreamTls = text(upstreamTls);
        }

        private static String text(String s) {
            return s == null ? "" : s.strip();
        }

        /** {@code host:port} of the upstream, as the table shows it. */
        public String upstreamText() {
            return upstreamPort.isEmpty() ? host : host + ":" + upstreamPort;
        }

        Map<String, Object> yaml() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("mode", "dedicated");
            m.put("bind", bind);
            if (!clientTls.isEmpty()) {
                m.put("tls", clientTls);
            }
            Map<String, Object> up = new LinkedHashMap<>();
            up.put("host", host);
            if (!upstreamPort.isEmpty()) {
                up.put("port", upstreamPort.matches("\\d{1,9}") ? Integer.valueOf(upstreamPort) : upstreamPort);
            }
            if (!upstreamTls.isEmpty()) {
                up.put("tls", upstreamTls);
            }
            m.put("upstream", up);
            return m;
        }
    }

    private static final List<String> PATH = List.of("pop3", "listeners");
    private final Function<List<ConfigEdit>, CompletionStage<Void>> sender;
    private final ObservableList<Port> ports = FXCollections.observableArrayList();
    private final ObservableList<Port> portsView = FXCollections.unmodifiableObservableList(ports);
    /** Every listener of the file in order: the dedicated ones as {@link Port}, the others as the file has them. */
    private final List<Object> listeners = new ArrayList<>();

    public DedicatedPortsViewModel(Function<List<ConfigEdit>, CompletionStage<Void>> sender) {
        this.sender = sender;
    }

    /** The dedicated listeners in file order. */
    public ObservableList<Port> ports() {
        return portsView;
    }

    void load(JsonNode root) {
        listeners.clear();
        List<Port> out = new ArrayList<>();
        for (JsonNode l : root.path("pop3").path("listeners")) {
            if ("dedicated".equalsIgnoreCase(l.path("mode").asText("").strip())) {
                JsonNode up = l.path("upstream");
                Port p = new Port(l.path("name").asText(""), l.path("bind").asText(""), l.path("tls").asText(""),
                        up.path("host").asText(""), up.path("port").asText(""), up.path("tls").asText(""));
                out.add(p);
                listeners.add(p);
            } else {
                listeners.add(l);
            }
        }
        ports.setAll(out);
    }

    public CompletionStage<Void> add(Port port) {
        List<Object> next = new ArrayList<>(listeners);
        next.add(port);
        return send(next);
    }

    /** Replaces the {@code index}th dedicated listener. */
    public CompletionStage<Void> replace(int index, Port port) {
        List<Object> next = new ArrayList<>(listeners);
        next.set(positionOf(ports.get(index)), port);
        return send(next);
    }

    /** Removes the {@code index}th dedicated listener. */
    public CompletionStage<Void> remove(int index) {
        List<Object> next = new ArrayList<>(listeners);
        next.remove(positionOf(ports.get(index)));
        return send(next);
    }

    /** Where a shown port is among all listeners (by identity: the list holds the very objects shown). */
    private int positionOf(Port port) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i) == port) {
                return i;
            }
        }
        throw new IllegalStateException("the port is not in the list shown");
    }

    private CompletionStage<Void> send(List<Object> next) {
        List<Object> value = next.stream().map(o -> o instanceof Port p ? p.yaml() : o).toList();
        return sender.apply(List.of(new ConfigEdit(PATH, value)));
    }
}
