package dev.mamori.core.config;

/**
 * Live metrics exported from the process.
 *
 * @param prometheus the Prometheus text endpoint; disabled by default
 */
public record MetricsSettings(PrometheusSettings prometheus) {
    public MetricsSettings {
        prometheus = prometheus == null ? PrometheusSettings.defaults() : prometheus;
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(null);
    }
}
