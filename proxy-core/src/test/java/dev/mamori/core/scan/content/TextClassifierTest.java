package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier skips an expression when a literal every match of it contains is absent, and stops scoring once
 * the threshold is out of reach. These tests hold it to the plain rule: every expression evaluated on every window.
 */
class TextClassifierTest {

    /** The classification with every expression evaluated, as the rules are written. */
    private static FileType reference(String text) {
        String lower = text.stripLeading().toLowerCase(Locale.ROOT);
        if (lower.startsWith("#!")) {
            return TextClassifier.classify(text.getBytes(StandardCharsets.ISO_8859_1), text.length()); // shebang: unchanged
        }
        if (lower.contains("<hta:application")) {
            return FileType.HTA;
        }
        if (TextClassifier.HTML_START.matcher(lower).lookingAt()) {
            return FileType.HTML;
        }
        if ((lower.startsWith("<?xml") || lower.startsWith("<svg")) && lower.contains("<svg")) {
            return FileType.SVG;
        }
        if (lower.startsWith("@echo off") || lower.startsWith("@echo on")
                || count(TextClassifier.BATCH_LINE, lower) >= 3 && TextClassifier.BATCH_VARIABLE.matcher(lower).find()) {
            return FileType.BATCH;
        }
        Set<String> cmdlets = new HashSet<>();
        Matcher m = TextClassifier.PS_CMDLET.matcher(lower);
        while (m.find() && cmdlets.size() < 3) {
            cmdlets.add(m.group());
        }
        int score = Math.min(cmdlets.size(), 2)
                + (TextClassifier.PS_VARIABLE_ASSIGNMENT.matcher(lower).find() ? 1 : 0)
                + (TextClassifier.PS_STRONG.matcher(lower).find() ? 2 : 0);
        if (score >= 3) {
            return FileType.POWERSHELL;
        }
        if (count(TextClassifier.VBS_STATEMENT, lower) >= 2) {
            return FileType.VBSCRIPT;
        }
        if (TextClassifier.JS_WSH.matcher(lower).find()
                || TextClassifier.JS_START.matcher(lower).lookingAt() && lower.contains(";")) {
            return FileType.JAVASCRIPT;
        }
        return FileType.TEXT;
    }

    private static int count(Pattern p, String s) {
        int n = 0;
        for (Matcher m = p.matcher(s); m.find() && n < 10; ) {
            n++;
        }
        return n;
    }

    private static FileType classify(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return TextClassifier.classify(b, b.length);
    }

    /** Pieces of every rule, near misses and prose: random texts built from them hit each rule and its edges. */
    private static final List<String> PIECES = List.of(
            "Get-Process", "get-childitem", "Set-Content", "New-Object", "Invoke-WebRequest", "Start-Process",
            "Remove-Item", "Add-Type", "Out-File", "Write-Host", "Import-Module", "ConvertTo-Json", "ConvertFrom-Json",
            "xiex(", "_iex $", "9iex (", "Test-Path", "Select-Object", "ForEach-Object", "Where-Object", "Join-Path", "Split-Path", "set-up",
            "add-on", "out-of-date", "get-x", "forget-me", "IEX (", "iex $", "iex(", "Invoke-Expression",
            "[Convert]::FromBase64String", "Net.WebClient", "DownloadString(", "DownloadFile (", "-ExecutionPolicy Bypass",
            "-EncodedCommand", "[System.Text.Encoding]::", "[system.", "$x = 1", "$env:path=", "price $5", "$",
            "rem note", ":: comment", "set /a n", "goto end", "call :sub", "if not exist x ", "if errorlevel 1 ",
            "start calc", "del x", "copy a b", "cd /d c:", ":label", "%~dp0", "%errorlevel%", "%temp%", "%x:~1%",
            "50%", "Dim x", "Set o = CreateObject(\"x\")", "set o = wscript.shell", "On Error Resume Next",
            "Sub Main()", "Private Function F(a)", "End Sub", "End If", "WScript.Echo", "new ActiveXObject(",
            "WScript.CreateObject(", "GetObject(\"winmgmts", "activexobject", "winmgmts", ";", "var a = 1",
            "function f(", "hello", "world", "the", "meeting", "Regards", " ", "  ", "\t", "\r\n", "\n", "-", ".");

    @Test
    void classifiesExactlyAsEveryRuleEvaluated() {
        Random rnd = new Random(20261125);
        Set<FileType> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int pieces = 1 + rnd.nextInt(24);
            for (int j = 0; j < pieces; j++) {
                b.append(PIECES.get(rnd.nextInt(PIECES.size())));
                b.append(rnd.nextInt(3) == 0 ? "\r\n" : rnd.nextBoolean() ? " " : "");
            }
            String text = b.toString();
            FileType expected = reference(text);
            seen.add(expected);
            assertThat(classify(text)).as("classification of %s", text).isEqualTo(expected);
        }
        // the generator reaches every script rule, so the comparison covers them all
        assertThat(seen).contains(FileType.TEXT, FileType.BATCH, FileType.POWERSHELL, FileType.VBSCRIPT,
                FileType.JAVASCRIPT);
    }

    @Test
    void countingAtLineStartsCountsWhatFindDoes() {
        // every kind of line terminator Java's multi-line ^ knows, blank lines (\s* crosses them) and a trailing break
        Random rnd = new Random(4711);
        String[] breaks = {"\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029", "\r\r\n", "\n\n", " ", "", "\r\n \t\u000B\f"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int pieces = 1 + rnd.nextInt(24);
            for (int j = 0; j < pieces; j++) {
                b.append(PIECES.get(rnd.nextInt(PIECES.size())).toLowerCase(java.util.Locale.ROOT));
                b.append(breaks[rnd.nextInt(breaks.length)]);
            }
            String text = b.toString();
            assertThat(TextClassifier.countAtLineStarts(TextClassifier.VBS_STATEMENT, TextClassifier.VBS_STATEMENT_FIRST, text))
                    .as("VBS in %s", text).isEqualTo(count(TextClassifier.VBS_STATEMENT, text));
            assertThat(TextClassifier.countAtLineStarts(TextClassifier.BATCH_LINE, TextClassifier.BATCH_LINE_FIRST, text))
                    .as("batch in %s", text).isEqualTo(count(TextClassifier.BATCH_LINE, text));
        }
    }

    @Test
    void tableLowerCasingIsStringLowerCasingForEveryLatin1Byte() {
        byte[] all = new byte[256 + 3];
        all[0] = 'x';
        for (int c = 0; c < 256; c++) {
            all[c + 3] = (byte) c;
        }
        String expected = new String(all, 0, all.length, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        assertThat(TextClassifier.lowerLatin1(all, all.length)).isEqualTo(expected);
        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'A', (byte) 0xC4};
        assertThat(TextClassifier.lowerLatin1(utf8Bom, 5)).isEqualTo("a\u00e4");
        assertThat(TextClassifier.lowerLatin1(new byte[]{(byte) 0xFF, (byte) 0xFE, 'A', 0}, 4)).isNull();
        assertThat(TextClassifier.lowerLatin1(new byte[]{(byte) 0xFE, (byte) 0xFF, 0, 'A'}, 4)).isNull();
    }

    @Test
    void powerShellScoring() {
        // two distinct cmdlets and a variable: 3
        assertThat(classify("$p = 'x'\nGet-Process\nStop-Thing\nWrite-Host $p\n")).isEqualTo(FileType.POWERSHELL);
        // a strong indicator and one cmdlet: 3
        assertThat(classify("Write-Host hi\n[System.Text.Encoding]::UTF8\n")).isEqualTo(FileType.POWERSHELL);
        // a strong indicator and a variable: 3, without any cmdlet
        assertThat(classify("$c = 'x'\niex $c\n")).isEqualTo(FileType.POWERSHELL);
        // cmdlets alone reach at most 2
        assertThat(classify("Get-Process\nWrite-Host x\nSet-Content y\n")).isEqualTo(FileType.TEXT);
        // one cmdlet and a variable: 2
        assertThat(classify("$a = 1\nGet-Process\nGet-Process\n")).isEqualTo(FileType.TEXT);
    }

    @Test
    void batchNeedsItsVariableAndThreeLines() {
        assertThat(classify("rem x\r\nset a=1\r\ngoto end\r\n")).isEqualTo(FileType.TEXT); // no %variable%
        assertThat(classify("rem x\r\nset a=1\r\ngoto end\r\necho %~dp0\r\n")).isEqualTo(FileType.BATCH);
        assertThat(classify("rem x\r\n100% sure\r\n")).isEqualTo(FileType.TEXT);
    }
}
