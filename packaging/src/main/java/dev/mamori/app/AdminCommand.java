package dev.mamori.app;

import dev.mamori.core.admin.AccountAdmin;
import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mamori admin passwd|add|remove|list}: the admin accounts file of a data directory, without a running server
 * (a running server re-reads the file on the next login). Add and remove go through proxy-core's {@link AccountAdmin},
 * the rules of the admin channel's {@code accounts.*} and the dashboard (names, roles, key lines, the password policy,
 * the last administrator). Passwords come from a file or are asked for; they are never
 * command-line arguments (those are visible to every user of the machine).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage admin channel accounts in a data directory (no server needed).",
        subcommands = {AdminCommand.Passwd.class, AdminCommand.Add.class, AdminCommand.Remove.class,
                AdminCommand.ListAccounts.class})
final class AdminCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "mamori-data",
                description = "the server's data directory (default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--accounts-file", paramLabel = "FILE",
                description = "the accounts file when admin.accountsFile is set (default: DIR/admin/accounts.json)")
        Path accountsFile;

        AdminAccounts accounts() {
            return new AdminAccounts(accountsFile != null ? accountsFile
                    : dataDir.resolve("admin").resolve("accounts.json"));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try {
                int code = run();
                out().flush();
                return code;
            } catch (IOException | IllegalArgumentException | AdminError e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("mamori admin " + spec.name() + ": " + e.getMessage());
                err.flush();
                return ExitCodes.CONFIG_INVALID;
            }
        }

        abstract int run() throws IOException, AdminError;

        static char[] password(Path file, String prompt) throws IOException {
            if (file != null) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                return (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "").toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new IOException("no terminal to ask for the password: use --password-file");
            }
            char[] first = console.readPassword("%s: ", prompt);
            char[] again = console.readPassword("Repeat: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new IOException("the passwords differ");
            }
            return first;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set an account's password (also clears a forced change).")
    static final class Passwd extends Base {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE", description = "the new password (first line)")
        Path passwordFile;

        @Override
        int run() throws IOException {
            accounts().setPassword(user, password(passwordFile, "New password for " + user));
            out().println("password of " + user + " changed");
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an account with a password and/or authorized public keys.")
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
                description = "admin or viewer (default: ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--password-file", paramLabel = "FILE", description = "the password (first line)")
        Path passwordFile;

        @Option(names = "--key", paramLabel = "PUBKEY", description = "an OpenSSH public key file (repeatable)")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--no-password", description = "key-only account")
        boolean noPassword;

        @Override
        int run() throws IOException, AdminError {
            List<String> lines = new ArrayList<>();
            for (Path k : keys) {
                // a .pub file has one key; an authorized_keys file may hold several (AccountAdmin checks each line)
                lines.addAll(Files.readAllLines(k, StandardCharsets.UTF_8));
            }
            if (noPassword && lines.isEmpty()) {
                throw new IllegalArgumentException("a key-only account needs at least one --key");
            }
            char[] pw = noPassword ? null : password(passwordFile, "Password for " + user);
            Results.Account added = new AccountAdmin(accounts()).add(user, role, pw, lines);
            out().println("account " + added.name() + " (" + added.role() + ") added");
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.")
    static final class Remove extends Base {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Override
        int run() throws IOException, AdminError {
            new AccountAdmin(accounts()).remove(user, null);
            out().println("account " + user + " removed");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts (never the hashes).")
    static final class ListAccounts extends Base {
        @Override
        int run() throws IOException {
            List<AdminAccount> all = accounts().list();
            out().printf("%-20s %-7s %-9s %-5s %s%n", "USER", "ROLE", "PASSWORD", "KEYS", "NOTE");
            for (AdminAccount a : all) {
                out().printf("%-20s %-7s %-9s %-5d %s%n", a.name(), a.role().word(),
                        a.passwordHash() != null ? "yes" : "no", a.authorizedKeys().size(),
                        a.mustChangePassword() ? "must change password at next login" : "");
            }
            out().println(all.size() + (all.size() == 1 ? " account" : " accounts"));
            return ExitCodes.OK;
        }
    }
}
