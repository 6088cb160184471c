package dev.mamori.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRedactorTest {
    @Test
    void secretValuesAreMaskedAndEverythingElseIsKept() {
        String yaml = """
                server:
                  name: office
                admin:
                  users:
                    - name: alice
                      password: "s3cret"
                      apiToken: abc123
                  clientSecret: >
                    folded
                    secret
                  passwordFile: /etc/mamori/pw
                tls:
                  privateKey: /etc/mamori/key.pem
                inline: |
                  -----BEGIN PRIVATE KEY-----
                  MIIB
                  -----END PRIVATE KEY-----
                upstreams:
                  allow: [a]""";
        String out = ConfigRedactor.redact(yaml);
        assertThat(out).doesNotContain("s3cret", "abc123", "folded", "MIIB", "secret\n")
                .contains("password: ******", "apiToken: ******", "clientSecret: ******",
                        "passwordFile: /etc/mamori/pw", "privateKey: /etc/mamori/key.pem", "name: alice",
                        "name: office", "upstreams:\n  allow: [a]");
    }
}
