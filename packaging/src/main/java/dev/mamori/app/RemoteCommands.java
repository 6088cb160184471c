package dev.mamori.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.AdminText;
import dev.mamori.core.admin.ShellSyntax;
import dev.mamori.core.admin.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The commands that talk to a running server's admin channel through {@link AdminClient}: {@code status},
 * {@code service}, {@code detections}, {@code tracking}, {@code components}, {@code update}, {@code rollback},
 * {@code audit}, {@code remote quarantine ...}. Output is the same tables as the SSH shell, or JSON with
 * {@code --json}.
 */
final class RemoteCommands {
    private RemoteCommands() {
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RemoteOptions remote = new RemoteOptions();

        /** The protocol command and its arguments. */
        abstract String command();

        ObjectNode args() throws AdminError {
            return AdminJson.MAPPER.createObjectNode();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AdminClient client = remote.connect()) {
                String command = command();
                JsonNode result = client.call(command, args(), command.startsWith("components.")
                        ? AdminClient.COMPONENT_TIMEOUT : AdminClient.DEFAULT_TIMEOUT);
                out.print(remote.json ? AdminJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n"
                        : AdminText.render(command, result));
                out.flush();
                return ExitCodes.OK;
            } catch (AdminError e) {
                return fail("refused (" + e.code() + "): " + e.getMessage());
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("mamori " + spec.name() + ": " + message);
            err.flush();
            return ExitCodes.REMOTE_FAILED;
        }
    }

    /** Filters shared by the listing commands. */
    static final class TimeFilter {
        @Option(names = "--since", paramLabel = "DURATION", description = "only the last DURATION (30m, 2h, 7d)")
        String since;

        @Option(names = "--from", paramLabel = "INSTANT", description = "ISO-8601, inclusive")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "ISO-8601, exclusive")
        String to;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N rows (default: ${DEFAULT-VALUE})")
        int limit;

        void into(ObjectNode args) throws AdminError {
            if (since != null) {
                args.put("from", Instant.now().minus(ShellSyntax.duration(since)).toString());
            }
            if (from != null) {
                args.put("from", from);
            }
            if (to != null) {
                args.put("to", to);
            }
            args.put("limit", limit);
        }
    }

    static void putIf(ObjectNode args, String key, String value) {
        if (value != null) {
            args.put(key, value);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a running server: services, listeners, uptime, store counters.")
    static final class Status extends Base {
        @Override
        String command() {
            return "status";
        }
    }

    @Command(name = "service", mixinStandardHelpOptions = true,
            description = "Allow (enable) or refuse (disable) new POP3 or SMTP connections on a running server.")
    static final class Service extends Base {
        @Parameters(index = "0", paramLabel = "enable|disable")
        String verb;

        @Parameters(index = "1", paramLabel = "pop3|smtp")
        String service;

        @Override
        String command() {
            return "service." + verb;
        }

        @Override
        ObjectNode args() throws AdminError {
            if (!verb.equals("enable") && !verb.equals("disable")) {
                throw new AdminError(AdminError.BAD_REQUEST, "enable or disable, not '" + verb + "'");
            }
            return AdminJson.MAPPER.createObjectNode().put("service", service);
        }
    }

    @Command(name = "detections", mixinStandardHelpOptions = true, description = "List detections, newest first.")
    static final class Detections extends Base {
        @Mixin
        TimeFilter time = new TimeFilter();

        @Option(names = "--protocol", paramLabel = "P", description = "pop3 or smtp")
        String protocol;

        @Option(names = "--threat", paramLabel = "TEXT", description = "part of the threat name")
        String threat;

        @Option(names = "--account", paramLabel = "A", description = "exact account")
        String account;

        @Override
        String command() {
            return "detections.search";
        }

        @Override
        ObjectNode args() throws AdminError {
            ObjectNode a = AdminJson.MAPPER.createObjectNode();
            time.into(a);
            putIf(a, "protocol", protocol);
            putIf(a, "threat", threat);
            putIf(a, "account", account);
            return a;
        }
    }

    @Command(name = "tracking", mixinStandardHelpOptions = true, description = "Search message tracking, newest first.")
    static final class Tracking extends Base {
        @Mixin
        TimeFilter time = new TimeFilter();

        @Option(names = "--account", paramLabel = "TEXT")
        String account;

        @Option(names = "--sender", paramLabel = "TEXT")
        String sender;

        @Option(names = "--subject", paramLabel = "TEXT")
        String subject;

        @Option(names = "--message-id", paramLabel = "TEXT")
        String messageId;

        @Override
        String command() {
            return "tracking.search";
        }

        @Override
        ObjectNode args() throws AdminError {
            ObjectNode a = AdminJson.MAPPER.createObjectNode();
            time.into(a);
            putIf(a, "account", account);
            putIf(a, "sender", sender);
            putIf(a, "subject", subject);
            putIf(a, "messageId", messageId);
            return a;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "List administrator actions, newest first.")
    static final class Audit extends Base {
        @Mixin
        TimeFilter time = new TimeFilter();

        @Option(names = "--actor", paramLabel = "USER")
        String actor;

        @Override
        String command() {
            return "audit.list";
        }

        @Override
        ObjectNode args() throws AdminError {
            ObjectNode a = AdminJson.MAPPER.createObjectNode();
            time.into(a);
            putIf(a, "actor", actor);
            return a;
        }
    }

    @Command(name = "components", mixinStandardHelpOptions = true,
            description = "List components (engine, patterns, lists) with versions and update state.")
    static final class Components extends Base {
        @Override
        String command() {
            return "components.list";
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Update a component now.")
    static final class Update extends Base {
        @Parameters(index = "0", paramLabel = "COMPONENT")
        String component;

        @Override
        String command() {
            return "components.update";
        }

        @Override
        ObjectNode args() {
            return AdminJson.MAPPER.createObjectNode().put("component", component);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Go back to a component's previous version.")
    static final class Rollback extends Base {
        @Parameters(index = "0", paramLabel = "COMPONENT")
        String component;

        @Override
        String command() {
            return "components.rollback";
        }

        @Override
        ObjectNode args() {
            return AdminJson.MAPPER.createObjectNode().put("component", component);
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "show: the running server's configuration (secrets redacted); reload: re-read and apply.")
    static final class RemoteConfig extends Base {
        @Parameters(index = "0", paramLabel = "show|reload")
        String verb;

        @Override
        String command() {
            return "config." + verb;
        }
    }

    /**
     * {@code mamori remote accounts ...}: the {@code accounts.*} commands (admin role). Passwords of the account being
     * added or reset come from a file ({@code --account-password-file}), never from the command line; keys from
     * OpenSSH public key files (every line of each).
     */
    @Command(name = "accounts", mixinStandardHelpOptions = true,
            description = "Admin accounts on a running server (admin role): list; add NAME --role admin|viewer"
                    + " [--account-password-file F] [--key PUBFILE]...; role NAME admin|viewer; keys NAME --key"
                    + " PUBFILE... (replaces the list); reset NAME --account-password-file F (temporary, must be"
                    + " changed at the next login); remove NAME.")
    static final class RemoteAccounts extends Base {
        @Parameters(index = "0", paramLabel = "list|add|role|keys|reset|remove")
        String verb;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME [ROLE]")
        java.util.List<String> words = new java.util.ArrayList<>();

        @Option(names = "--role", paramLabel = "ROLE", description = "admin or viewer (add)")
        String role;

        @Option(names = "--account-password-file", paramLabel = "FILE",
                description = "the new account's password, or the temporary one for reset (first line)")
        Path accountPassword;

        @Option(names = "--key", paramLabel = "PUBFILE", description = "an OpenSSH public key file (repeatable)")
        java.util.List<Path> keys = new java.util.ArrayList<>();

        @Override
        String command() {
            return switch (verb) {
                case "role", "keys" -> "accounts.update";
                default -> "accounts." + verb;
            };
        }

        @Override
        ObjectNode args() throws AdminError {
            ObjectNode args = AdminJson.MAPPER.createObjectNode();
            if (verb.equals("list")) {
                return args;
            }
            if (words.isEmpty()) {
                throw new AdminError(AdminError.BAD_REQUEST, "accounts " + verb + " needs the account NAME");
            }
            args.put("name", words.get(0));
            switch (verb) {
                case "add" -> {
                    args.put("role", role);
                    if (accountPassword != null) {
                        args.put("password", firstLine(accountPassword));
                    }
                    if (!keys.isEmpty()) {
                        keyLines(args);
                    }
                }
                case "role" -> {
                    if (words.size() < 2) {
                        throw new AdminError(AdminError.BAD_REQUEST, "usage: accounts role NAME admin|viewer");
                    }
                    args.put("role", words.get(1));
                }
                case "keys" -> keyLines(args);
                case "reset" -> {
                    if (accountPassword == null) {
                        throw new AdminError(AdminError.BAD_REQUEST, "accounts reset needs --account-password-file");
                    }
                    args.put("password", firstLine(accountPassword));
                }
                default -> { }
            }
            return args;
        }

        private void keyLines(ObjectNode args) throws AdminError {
            var array = args.putArray("authorizedKeys");
            for (Path k : keys) {
                try {
                    Files.readAllLines(k, java.nio.charset.StandardCharsets.UTF_8).forEach(array::add);
                } catch (IOException e) {
                    throw new AdminError(AdminError.BAD_REQUEST, "cannot read " + k + ": " + e.getMessage());
                }
            }
        }

        private static String firstLine(Path file) throws AdminError {
            try {
                String text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                return (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "");
            } catch (IOException e) {
                throw new AdminError(AdminError.BAD_REQUEST, "cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    /** {@code mamori remote ...}: the commands whose local form works on a data directory. */
    @Command(name = "remote", mixinStandardHelpOptions = true,
            description = "Commands on a running server's admin channel whose plain form works on a local data directory.",
            subcommands = {RemoteQuarantine.class, RemoteConfig.class, RemoteAccounts.class})
    static final class Remote implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getErr());
        }
    }

    @Command(name = "quarantine", mixinStandardHelpOptions = true,
            description = "Quarantine on a running server: list, show ID, release ID, delete ID, download ID --out FILE.")
    static final class RemoteQuarantine extends Base {
        @Parameters(index = "0", paramLabel = "list|show|release|delete|download")
        String verb;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
        String id;

        @Option(names = "--status", paramLabel = "S", description = "list: quarantined, released or delivered")
        String status;

        @Option(names = "--limit", paramLabel = "N", description = "list: at most N entries")
        Integer limit;

        @Option(names = "--out", paramLabel = "FILE", description = "download: where to write the .eml (must not exist)")
        Path out;

        @Override
        String command() {
            return "quarantine." + verb;
        }

        @Override
        ObjectNode args() throws AdminError {
            ObjectNode a = AdminJson.MAPPER.createObjectNode();
            if (!verb.equals("list")) {
                if (id == null) {
                    throw new AdminError(AdminError.BAD_REQUEST, "quarantine " + verb + " needs an ID");
                }
                a.put("id", id);
            }
            putIf(a, "status", status);
            if (limit != null) {
                a.put("limit", limit);
            }
            return a;
        }

        @Override
        public Integer call() {
            if (!verb.equals("download")) {
                return super.call();
            }
            if (id == null || out == null) {
                return fail("download needs an ID and --out FILE");
            }
            try (AdminClient client = remote.connect();
                 OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
                long size = client.quarantineDownload(id, file);
                spec.commandLine().getOut().println(id + ": " + size + " bytes written to " + out);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (AdminError e) {
                deleteQuietly(out);
                return fail("refused (" + e.code() + "): " + e.getMessage());
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }

        private static void deleteQuietly(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // nothing useful was written
            }
        }
    }
}
