package dev.mamori.core.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * An HTTP proxy between Mamori and the update source (as office networks often require).
 *
 * @param url          {@code http://proxy.example:3128}; required
 * @param username     proxy user name; default none (no proxy authentication)
 * @param passwordFile a file holding the proxy password (first line); required with {@code username}; the password is
 *                     never written to the config or a log
 */
public record UpdateProxy(String url, String username, Path passwordFile) {
    public UpdateProxy {
        Checks.required("url", url, "http://host:port");
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("url", "'" + url + "' is not a URL (allowed: http://host:port)");
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0 || u.getUserInfo() != null) {
            throw new InvalidFieldException("url", "'" + url + "' is not http://host:port (credentials go in username/passwordFile)");
        }
        if ((username == null) != (passwordFile == null)) {
            throw new InvalidFieldException(username == null ? "username" : "passwordFile",
                    "is required when " + (username == null ? "passwordFile" : "username") + " is set");
        }
    }
}
