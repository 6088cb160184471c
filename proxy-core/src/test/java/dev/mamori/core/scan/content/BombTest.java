package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bomb ends in LIMIT_EXCEEDED quickly, with bounded memory and no temp files left behind. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BombTest {
    @TempDir
    Path temp;

    private Collected walk(byte[] attachment, String name, ScanLimits limits) throws Exception {
        Collected c = Collected.walk(Mime.withAttachment(name, attachment), limits, temp);
        try (var left = Files.list(temp)) {
            assertThat(left).as("temp files left behind").isEmpty();
        }
        return c;
    }

    @Test
    void nestedZipBombStopsAtTheFirstInflatedMember() throws Exception {
        // 42.zip's shape: 4 levels × 16 wide around 64 MiB members, i.e. 4 TiB if fully inflated; ~0.6 MB here
        byte[] bomb = Bombs.nestedZipBomb(4, 16, 64);
        assertThat(bomb.length).isLessThan(2_000_000);
        long start = System.nanoTime();
        Collected c = walk(bomb, "42.zip", ScanLimits.defaults());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(c.result.complete()).isFalse();
        assertThat(c.result.unscannableReason()).hasValueSatisfying(r -> assertThat(r)
                .startsWith("limit exceeded (max compression ratio 200:1 (member), message › part 2 › 42.zip › lib 3-0.zip"));
        assertThat(c.result.decodedBytes()).isLessThan(ScanLimits.defaults().maxTotalSize());
    }

    @Test
    void nestedZipBombWithoutARatioLimitStillEndsAtTheTotalSize() throws Exception {
        ScanLimits noRatio = ScanLimits.defaults().withMaxCompressionRatio(Integer.MAX_VALUE).withMaxTotalSize(32L << 20);
        Collected c = walk(Bombs.nestedZipBomb(3, 16, 8), "42.zip", noRatio);
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> assertThat(f.detail()).startsWith("max decoded size per message"));
        assertThat(c.result.decodedBytes()).isLessThanOrEqualTo((32L << 20) + 64 * 1024);
    }

    @Test
    void singleHighRatioMemberIsStoppedWhileInflating() throws Exception {
        Collected c = walk(Bombs.gzipZeros(2048), "zeros.gz", ScanLimits.defaults()); // 2 GiB of zeros in ~2 MB
        assertThat(c.result.unscannableReason()).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("limit exceeded (max compression ratio 200:1 (member), message › part 2 › zeros.gz › zeros)"));
        assertThat(c.result.decodedBytes()).isLessThan(64L << 20);
    }

    @Test
    void itemSizeLimitStopsALargeButOrdinaryMember() throws Exception {
        ScanLimits small = ScanLimits.defaults().withMaxItemSize(4L << 20).withMaxCompressionRatio(Integer.MAX_VALUE);
        Collected c = walk(Bombs.zipOfZeros("disk.img", 64), "disk.zip", small);
        assertThat(c.result.unscannableReason()).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("limit exceeded (max decoded size per item 4194304 bytes, message › part 2 › disk.zip › disk.img)"));
    }

    @Test
    void overlappingEntryBombIsRefusedBeforeInflating() throws Exception {
        byte[] bomb = Bombs.overlappingZip(1000, 1); // 1000 entries sharing one 1 MiB kernel
        Collected c = walk(bomb, "overlap.zip", ScanLimits.defaults());
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> {
            assertThat(f.detail()).isEqualTo("overlapping zip entries");
            assertThat(f.path().render()).startsWith("message › part 2 › overlap.zip › file");
        });
        assertThat(c.find("message › part 2 › overlap.zip › file0000.bin")).isEmpty();
    }

    @Test
    void deepNestingIsALimit() throws Exception {
        Collected c = walk(Bombs.deepZip(30), "deep.zip", ScanLimits.defaults());
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> {
            assertThat(f.detail()).isEqualTo("max nesting depth 16");
            assertThat(f.path().depth()).isEqualTo(17);
        });
    }

    @Test
    void tooManyMembersIsRefusedFromTheDirectoryCount() throws Exception {
        java.util.Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            many.put("f" + i, new byte[]{1});
        }
        Collected c = walk(Archives.zip(many), "many.zip", ScanLimits.defaults().withMaxArchiveMembers(100));
        assertThat(c.result.unscannableReason()).hasValue("limit exceeded (max members per archive 100, message › part 2 › many.zip)");
        assertThat(c.items).hasSize(3); // message, text, the zip itself: no member was read
    }

    @Test
    void totalItemCountIsALimit() throws Exception {
        java.util.Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("f" + i, new byte[]{1});
        }
        Collected c = walk(Archives.zip(many), "many.zip", ScanLimits.defaults().withMaxItems(20));
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> assertThat(f.detail()).isEqualTo("max items per message 20"));
    }

    @Test
    void decoderAskingForAHugeDictionaryIsALimitNotAnOutOfMemoryError() throws Exception {
        // a legacy .lzma header declaring a 1 GiB dictionary, then junk
        byte[] lzma = Samples.concat(Samples.withMagic(13, 0x5D, 0x00, 0x00, 0x00, 0x40,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), new byte[64]);
        Collected c = walk(lzma, "x.lzma", ScanLimits.defaults());
        assertThat(c.at("message › part 2 › x.lzma").type()).isEqualTo(FileType.LZMA);
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> assertThat(f.detail()).startsWith("max decoder memory"));
    }

    @Test
    void scanTimeIsCheckedWhileWalking() throws Exception {
        ScanLimits quick = ScanLimits.defaults().withMaxScanTime(Duration.ofMillis(50));
        Collected c = new Collected();
        ContentVisitor slow = item -> {
            c.item(item);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        byte[] msg = Mime.withAttachment("a.zip", Archives.zip(Archives.entries("1", new byte[]{1}, "2", new byte[]{2},
                "3", new byte[]{3}, "4", new byte[]{4})));
        c.result = new MessageWalker(quick, new ItemStorage(temp)).walk(new java.io.ByteArrayInputStream(msg), slow);
        assertThat(c.result.limitExceeded()).hasValueSatisfying(f -> assertThat(f.detail()).isEqualTo("max scan time 50 ms"));
        assertThat(c.items.size()).isLessThan(7);
    }

    @Test
    void compressedWithinTheRatioIsScannedCompletely() throws Exception {
        // 2 MiB of ordinary text compresses far below 200:1 and must not trip the ratio
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        while (sb.length() < 2 << 20) {
            sb.append("word").append(r.nextInt(100_000)).append(r.nextBoolean() ? ' ' : '\n');
        }
        Collected c = walk(Archives.compress("gz", Samples.ascii(sb.toString())), "log.txt.gz", ScanLimits.defaults());
        assertThat(c.result.findings()).isEmpty();
        assertThat(c.at("message › part 2 › log.txt.gz › log.txt").size()).isEqualTo(sb.length());
    }
}
