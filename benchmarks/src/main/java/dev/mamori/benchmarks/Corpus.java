package dev.mamori.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The scanned input: items of one kind adding up to a given size. Deterministic for a seed.
 * <ul>
 * <li>{@link Kind#TEXT}: mail messages: headers, plain text and HTML bodies from a Zipf-distributed vocabulary.</li>
 * <li>{@link Kind#ATTACHMENT}: what base64 attachments decode to: compressed archives, images, documents found on this
 * machine.</li>
 * <li>{@link Kind#EXECUTABLE}: shared libraries of this machine that no signature was cut from.</li>
 * </ul>
 */
public final class Corpus {
    public enum Kind { TEXT, ATTACHMENT, EXECUTABLE }

    private Corpus() {
    }

    static List<byte[]> build(Kind kind, long totalBytes, long seed) {
        Random r = new Random(seed);
        return switch (kind) {
            case TEXT -> text(totalBytes, r);
            case ATTACHMENT -> files(MachineFiles.attachmentLike(), totalBytes, 512 * 1024, r);
            case EXECUTABLE -> files(MachineFiles.scannedExecutables(), totalBytes, 2 * 1024 * 1024, r);
        };
    }

    static long size(List<byte[]> items) {
        return items.stream().mapToLong(b -> b.length).sum();
    }

    private static List<byte[]> files(List<Path> files, long totalBytes, int maxItem, Random r) {
        if (files.isEmpty()) {
            throw new IllegalStateException("no input files found on this machine");
        }
        List<byte[]> items = new ArrayList<>();
        long total = 0;
        List<Path> shuffled = new ArrayList<>(files);
        java.util.Collections.shuffle(shuffled, r);
        int i = 0;
        while (total < totalBytes) {
            byte[] content = MachineFiles.read(shuffled.get(i++ % shuffled.size()));
            int from = content.length > maxItem ? r.nextInt(content.length - maxItem) : 0;
            int len = (int) Math.min(Math.min(maxItem, content.length - from), totalBytes - total);
            byte[] item = java.util.Arrays.copyOfRange(content, from, from + len);
            items.add(item);
            total += len;
        }
        return items;
    }

    private static List<byte[]> text(long totalBytes, Random r) {
        String[] vocabulary = vocabulary(r, 3000);
        List<byte[]> items = new ArrayList<>();
        long total = 0;
        int n = 0;
        while (total < totalBytes) {
            StringBuilder mail = new StringBuilder();
            mail.append("Return-Path: <user").append(n).append("@example.org>\r\n")
                    .append("Received: from mail.example.org (mail.example.org [192.0.2.").append(n % 250)
                    .append("]) by mx.example.net with ESMTPS id ").append(Long.toHexString(r.nextLong()))
                    .append("\r\nFrom: ").append(word(vocabulary, r)).append(" <").append(word(vocabulary, r))
                    .append("@example.org>\r\nSubject: ").append(sentence(vocabulary, r, 6))
                    .append("\r\nMessage-ID: <").append(Long.toHexString(r.nextLong())).append("@example.org>\r\n")
                    .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
            int size = 2_000 + r.nextInt(60_000);
            boolean html = r.nextInt(3) == 0;
            while (mail.length() < size) {
                String line = sentence(vocabulary, r, 8 + r.nextInt(10));
                mail.append(html ? "<p style=\"margin:0\">" + line + " <a href=\"https://www." + word(vocabulary, r)
                        + ".example/" + word(vocabulary, r) + "\">" + word(vocabulary, r) + "</a></p>" : line)
                        .append("\r\n");
            }
            byte[] item = mail.toString().getBytes(StandardCharsets.UTF_8);
            items.add(item);
            total += item.length;
            n++;
        }
        return items;
    }

    private static String[] vocabulary(Random r, int size) {
        String[] syllables = {"the", "an", "re", "in", "er", "on", "at", "en", "st", "es", "or", "ti", "al", "ar",
                "ing", "ed", "ou", "is", "it", "le", "se", "co", "de", "ma", "pro", "con", "ment", "tion", "ly"};
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder w = new StringBuilder();
            for (int s = 1 + r.nextInt(3); s > 0; s--) {
                w.append(syllables[r.nextInt(syllables.length)]);
            }
            words[i] = w.toString();
        }
        return words;
    }

    private static String word(String[] vocabulary, Random r) {
        // Zipf-like: low indices far more often
        double u = r.nextDouble();
        return vocabulary[(int) (Math.pow(u, 3) * vocabulary.length)];
    }

    private static String sentence(String[] vocabulary, Random r, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                s.append(r.nextInt(12) == 0 ? ", " : " ");
            }
            String w = word(vocabulary, r);
            s.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        return s.append('.').toString();
    }

    /** All items concatenated with a separator, for writing the corpus to disk. */
    static byte[] concat(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        items.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
