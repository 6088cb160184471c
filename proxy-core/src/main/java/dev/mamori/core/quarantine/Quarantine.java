package dev.mamori.core.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Quarantined originals: {@code <dir>/<id>.eml} holds the exact bytes, {@code <id>.json} the {@link QuarantineEntry}.
 * Both are written to temporary names, forced to disk and then renamed, so an entry exists only when its message is
 * durable: policy writes the original here before the client sees a replacement. Blocking: call off the event loop.
 */
public final class Quarantine {
    private static final Pattern ID = Pattern.compile("Q-\\d{8}-[0-9a-f]{8}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public Quarantine(Path dir, Clock clock) throws IOException {
        this.dir = dir;
        this.clock = clock;
        Files.createDirectories(dir);
    }

    /** Metadata for {@link #store}; the id, time, size, hash and status are filled in by the quarantine. */
    public record Origin(String protocol, String account, String upstream, String client, String messageId,
                         String subject, List<String> reasons) {
    }

    /** Copies {@code original} into the quarantine and returns its entry once it is on disk. */
    public QuarantineEntry store(InputStream original, Origin origin) throws IOException {
        String id = newId();
        Path tmp = dir.resolve(id + ".eml.tmp");
        long size;
        String sha;
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.security.MessageDigest md = sha256();
            byte[] buf = new byte[64 * 1024];
            size = 0;
            for (int n; (n = original.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                size += n;
            }
            sha = HexFormat.of().formatHex(md.digest());
        }
        force(tmp);
        QuarantineEntry entry = new QuarantineEntry(id, clock.instant(), origin.protocol(), origin.account(),
                origin.upstream(), origin.client(), origin.messageId(), origin.subject(), size, sha, origin.reasons(),
                QuarantineEntry.Status.QUARANTINED);
        Files.move(tmp, dir.resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        writeEntry(entry);
        return entry;
    }

    private void writeEntry(QuarantineEntry entry) throws IOException {
        Path tmp = dir.resolve(entry.id() + ".json.tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
        force(tmp);
        Files.move(tmp, dir.resolve(entry.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    public Optional<QuarantineEntry> get(String id) throws IOException {
        if (!ID.matcher(id).matches()) {
            return Optional.empty(); // ids come from users: never let one name a path
        }
        Path f = dir.resolve(id + ".json");
        return Files.exists(f) ? Optional.of(json.readValue(f.toFile(), QuarantineEntry.class)) : Optional.empty();
    }

    /** The original bytes. */
    public InputStream open(String id) throws IOException {
        if (get(id).isEmpty()) {
            throw new java.nio.file.NoSuchFileException("no quarantined message " + id);
        }
        return Files.newInputStream(dir.resolve(id + ".eml"));
    }

    /** Newest first. */
    public List<QuarantineEntry> list() throws IOException {
        List<QuarantineEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "Q-*.json")) {
            for (Path f : files) {
                out.add(json.readValue(f.toFile(), QuarantineEntry.class));
            }
        }
        out.sort(Comparator.comparing(QuarantineEntry::time).reversed());
        return out;
    }

    /** Marks an entry released: the next retrieval of the same message (same account, same bytes) delivers it. */
    public QuarantineEntry release(String id) throws IOException {
        QuarantineEntry e = get(id).orElseThrow(() -> new java.nio.file.NoSuchFileException("no quarantined message " + id));
        QuarantineEntry released = e.withStatus(QuarantineEntry.Status.RELEASED);
        writeEntry(released);
        return released;
    }

    /**
     * If a released entry matches this message (account, upstream and content hash), marks it delivered and returns
     * it: the caller then delivers the original unchanged. Synchronized so one release is used once.
     */
    public synchronized Optional<QuarantineEntry> takeRelease(String account, String upstream, String sha256) throws IOException {
        for (QuarantineEntry e : list()) {
            if (e.status() == QuarantineEntry.Status.RELEASED && e.sha256().equals(sha256)
                    && java.util.Objects.equals(e.account(), account) && java.util.Objects.equals(e.upstream(), upstream)) {
                QuarantineEntry used = e.withStatus(QuarantineEntry.Status.DELIVERED);
                writeEntry(used);
                return Optional.of(used);
            }
        }
        return Optional.empty();
    }

    public boolean delete(String id) throws IOException {
        if (get(id).isEmpty()) {
            return false;
        }
        Files.deleteIfExists(dir.resolve(id + ".json"));
        Files.deleteIfExists(dir.resolve(id + ".eml"));
        return true;
    }

    /** Deletes entries older than {@code retention}; returns how many. */
    public int purge(Duration retention) throws IOException {
        return purged(retention).size();
    }

    /** Deletes entries older than {@code retention}; returns the ids deleted. */
    public java.util.List<String> purged(Duration retention) throws IOException {
        Instant cutoff = clock.instant().minus(retention);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (QuarantineEntry e : list()) {
            if (e.time().isBefore(cutoff) && delete(e.id())) {
                ids.add(e.id());
            }
        }
        return ids;
    }

    private String newId() {
        byte[] r = new byte[4];
        random.nextBytes(r);
        return "Q-" + DAY.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
