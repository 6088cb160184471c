package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.scan.clamd.ClamdAddress;
import dev.mamori.core.scan.clamd.ClamdItemSelection;
import dev.mamori.core.scan.clamd.ClamdSettings;

import java.time.Duration;
import java.util.Locale;

/**
 * An optional clamd that scans alongside Mamori's own engines; its findings merge with theirs. clamd being down makes
 * scans fail (temporary error by default), never pass unscanned.
 *
 * @param address        {@code tcp:127.0.0.1:3310} (default) or {@code unix:/run/clamav/clamd.ctl}
 * @param connectTimeout default 2s
 * @param readTimeout    any single wait for clamd, its own scan included; default 60s
 * @param maxConnections scans in flight against clamd; default 4 (keep at or below clamd's MaxThreads)
 * @param maxStreamSize  set to clamd's StreamMaxLength; a larger item is unscannable for clamd; default 25MiB
 * @param items          message, mime-leaves, message-and-mime-leaves (default) or all
 */
public record ClamdConfig(String address,
                          @JsonDeserialize(using = DurationValue.class) Duration connectTimeout,
                          @JsonDeserialize(using = DurationValue.class) Duration readTimeout,
                          Integer maxConnections, DataSize maxStreamSize, String items) {
    public ClamdConfig {
        ClamdSettings d = ClamdSettings.defaults();
        address = address == null ? ClamdSettings.DEFAULT_ADDRESS : address;
        ClamdAddress.parse(address); // validates
        connectTimeout = connectTimeout == null ? d.connectTimeout() : connectTimeout;
        readTimeout = readTimeout == null ? d.readTimeout() : readTimeout;
        maxConnections = maxConnections == null ? d.maxConnections() : maxConnections;
        maxStreamSize = maxStreamSize == null ? DataSize.ofBytes(d.maxStreamSize()) : maxStreamSize;
        items = items == null ? "message-and-mime-leaves" : items;
        selection(items);
        Checks.positive("connectTimeout", connectTimeout);
        Checks.positive("readTimeout", readTimeout);
        Checks.range("maxConnections", maxConnections, 1, 1024);
        Checks.size("maxStreamSize", maxStreamSize, 1, 1L << 32);
    }

    private static ClamdItemSelection selection(String items) {
        try {
            return ClamdItemSelection.valueOf(items.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("items: '" + items
                    + "' is not allowed (allowed: message, mime-leaves, message-and-mime-leaves, all)");
        }
    }

    public ClamdSettings toSettings() {
        return new ClamdSettings(ClamdAddress.parse(address), connectTimeout, readTimeout, maxConnections,
                maxStreamSize.bytes(), selection(items));
    }
}
