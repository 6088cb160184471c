package dev.mamori.core.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link TrafficSnapshot} in the Prometheus text exposition format 0.0.4: counters end in {@code _total},
 * levels are gauges, scan latency is a summary (quantiles over the previous and the current minute, {@code _sum}
 * and {@code _count} since start).
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** A process figure outside the traffic meter (the event store's dropped events...). */
    public record Figure(String name, String type, String help, double value) {
        public Figure {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
            if (!type.equals("counter") && !type.equals("gauge")) {
                throw new IllegalArgumentException("type must be counter or gauge: " + type);
            }
        }
    }

    private PrometheusText() {
    }

    public static String render(TrafficSnapshot s, List<Figure> figures) {
        StringBuilder b = new StringBuilder(4096);
        List<ListenerStats> ls = s.listeners();
        header(b, "mamori_bytes_total", "counter", "Bytes relayed, by protocol, listener and direction.");
        for (ListenerStats l : ls) {
            b.append("mamori_bytes_total").append(labels(l, "direction", "client_to_upstream")).append(' ')
                    .append(l.bytesClientToUpstream()).append('\n');
            b.append("mamori_bytes_total").append(labels(l, "direction", "upstream_to_client")).append(' ')
                    .append(l.bytesUpstreamToClient()).append('\n');
        }
        counter(b, ls, "mamori_messages_total", "Messages scanned (POP3 RETR/TOP, SMTP DATA), whatever the verdict.",
                ListenerStats::messages);
        counter(b, ls, "mamori_detection_messages_total", "Messages with at least one threat or finding.",
                ListenerStats::detections);
        header(b, "mamori_detections_total", "counter", "Messages with a threat, by policy category.");
        for (ListenerStats l : ls) {
            for (Map.Entry<String, Long> e : l.detectionsByCategory().entrySet()) {
                b.append("mamori_detections_total").append(labels(l, "category", e.getKey())).append(' ')
                        .append(e.getValue()).append('\n');
            }
        }
        counter(b, ls, "mamori_sessions_total", "Client sessions opened.", ListenerStats::sessions);
        header(b, "mamori_active_sessions", "gauge", "Client sessions open now.");
        for (ListenerStats l : ls) {
            b.append("mamori_active_sessions").append(labels(l, null, null)).append(' ').append(l.activeSessions()).append('\n');
        }
        ScanStats scan = s.scan();
        header(b, "mamori_scan_queue_depth", "gauge", "Scans waiting for a scan thread.");
        b.append("mamori_scan_queue_depth ").append(scan.queueDepth()).append('\n');
        header(b, "mamori_scan_duration_seconds", "summary",
                "Scan duration; quantiles over the previous and the current minute, sum and count since start.");
        LatencySummary last = scan.recent();
        quantile(b, "0.5", last.p50Micros());
        quantile(b, "0.9", last.p90Micros());
        quantile(b, "0.99", last.p99Micros());
        quantile(b, "1", last.maxMicros());
        b.append("mamori_scan_duration_seconds_sum ").append(number(scan.totalSeconds())).append('\n');
        b.append("mamori_scan_duration_seconds_count ").append(scan.overall().count()).append('\n');
        header(b, "mamori_scan_duration_max_seconds", "gauge", "Longest scan since start.");
        b.append("mamori_scan_duration_max_seconds ").append(number(scan.overall().maxMicros() / 1e6)).append('\n');
        for (Figure f : figures) {
            header(b, f.name(), f.type(), f.help());
            b.append(f.name()).append(' ').append(number(f.value())).append('\n');
        }
        return b.toString();
    }

    private static void counter(StringBuilder b, List<ListenerStats> ls, String name, String help,
                                java.util.function.ToLongFunction<ListenerStats> value) {
        header(b, name, "counter", help);
        for (ListenerStats l : ls) {
            b.append(name).append(labels(l, null, null)).append(' ').append(value.applyAsLong(l)).append('\n');
        }
    }

    private static void quantile(StringBuilder b, String q, long micros) {
        b.append("mamori_scan_duration_seconds{quantile=\"").append(q).append("\"} ").append(number(micros / 1e6)).append('\n');
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(ListenerStats l, String extraName, String extraValue) {
        StringBuilder b = new StringBuilder("{protocol=\"").append(escape(l.protocol())).append("\",listener=\"")
                .append(escape(l.listener())).append('"');
        if (extraName != null) {
            b.append(',').append(extraName).append("=\"").append(escape(extraValue)).append('"');
        }
        return b.append('}').toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
