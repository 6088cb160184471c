package dev.mamori.core.scan.url;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WebUrlTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HTTP://Evil.Example/A/b?Q=1#frag          | http://evil.example/A/b?Q=1",
            "http://evil.example:80/                   | http://evil.example/",
            "https://evil.example:443                  | https://evil.example/",
            "https://evil.example:8443/x               | https://evil.example:8443/x",
            "ftp://files.example:21/pub                | ftp://files.example/pub",
            "http://evil.example.                      | http://evil.example/",
            "http://%65vil.example/                    | http://evil.example/",
            "http://www.mybank.com@evil.example/login  | http://evil.example/login",
            "http://user:pass@evil.example:8080        | http://evil.example:8080/",
            "http:\\\\evil.example\\a\\b               | http://evil.example/a/b",
            "http:/evil.example/x                      | http://evil.example/x",
            "//evil.example/x                          | http://evil.example/x",
            "www.evil.example/x                        | http://www.evil.example/x",
            "http://evil.example/a/./b/../c            | http://evil.example/a/c",
            "http://evil.example/%7euser/%2f%41        | http://evil.example/~user/%2FA",
            "http://0x7f.1/                            | http://127.0.0.1/",
            "http://2130706433/                        | http://127.0.0.1/",
            "http://0177.0.0.01/                       | http://127.0.0.1/",
            "http://[2001:DB8:0:0:0:0:0:1]:80/         | http://[2001:db8::1]/",
            "http://bücher.example/                    | http://xn--bcher-kva.example/",
            "http://evil\u3002example/                 | http://evil.example/",
            "http://xn--80ak6aa92e.com/                | http://xn--80ak6aa92e.com/"})
    void normalisedForm(String input, String expected) {
        assertThat(WebUrl.parse(input)).map(WebUrl::normalised).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:a@example.net", "javascript:alert(1)", "/relative/path", "#top", "ftp:foo",
            "http://", "http://evil..example/", "http://exa mple/", "http://evil.example:99999/", "http://[::1/",
            "http://%zz.example/", "data:text/html,<script>", "http://a%00b.example/"})
    void notAFollowableWebUrl(String input) {
        assertThat(WebUrl.parse(input)).isEmpty();
    }
}
