package dev.mamori.core.scan.sig;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.StringReader;

/**
 * Jazzer fuzz target for the signature parsers: any text either loads or fails with a
 * {@link SignatureFormatException}, never another exception, and whatever loads can scan. In a normal test run this
 * replays the seeds under {@code SignatureParserFuzzTestInputs/} (regression mode, milliseconds); fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl proxy-core test -Dtest=SignatureParserFuzzTest}.
 */
class SignatureParserFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseNdb(FuzzedDataProvider data) throws IOException {
        SignatureFormat format = data.pickValue(SignatureFormat.values());
        byte[] item = data.consumeBytes(256);
        String text = data.consumeRemainingAsString();
        SignatureEngine engine;
        try {
            engine = SignatureEngine.builder().add(format, "fuzz." + format.name().toLowerCase(),
                    new StringReader(text)).build();
        } catch (SignatureFormatException expected) {
            return;
        }
        for (SignatureTarget target : new SignatureTarget[] {SignatureTarget.ANY, SignatureTarget.PE}) {
            SignatureScanner scanner = engine.newScanner(target);
            scanner.update(item, 0, item.length);
            scanner.finish();
        }
    }
}
