package dev.mamori.app;

import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.ShellSyntax;
import dev.mamori.core.admin.client.MdnsDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mamori discover}: Mamori admin channels announced on the LAN with mDNS. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "List Mamori servers that announce their admin channel on the LAN (mDNS, _mamori-admin._tcp).")
final class DiscoverCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "how long to listen for answers (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--interface-address", paramLabel = "IP",
            description = "query on the interface with this address (default: chosen by the system)")
    String address;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<MdnsDiscovery.Server> servers = MdnsDiscovery.discover(
                    address == null ? null : InetAddress.getByName(address), ShellSyntax.duration(timeout));
            out.printf("%-24s %-28s %-10s %s%n", "NAME", "ADMIN CHANNEL", "VERSION", "HOST KEY");
            for (MdnsDiscovery.Server s : servers) {
                String where = (s.host().indexOf(':') >= 0 ? "[" + s.host() + "]" : s.host()) + ":" + s.port();
                out.printf("%-24s %-28s %-10s %s%n", s.name(), where, s.version(), s.fingerprint());
            }
            out.println(servers.size() + (servers.size() == 1 ? " server" : " servers"));
            out.flush();
            return ExitCodes.OK;
        } catch (AdminError | IOException e) {
            spec.commandLine().getErr().println("mamori discover: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.REMOTE_FAILED;
        }
    }
}
