package dev.mamori.smtp.session;

import dev.mamori.core.config.SmtpRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which a new session tries its listener's routes: lowest preference first; routes that share a
 * preference take turns being first (round-robin across sessions), and the others of the group follow, so a failover
 * stays within the group before moving to the next preference. One instance per listener, shared by its sessions.
 */
public final class RouteSelector {
    private final List<List<SmtpRoute>> groups;
    private final AtomicInteger turn = new AtomicInteger();

    public RouteSelector(List<SmtpRoute> routes) {
        TreeMap<Integer, List<SmtpRoute>> byPreference = new TreeMap<>();
        for (SmtpRoute r : routes) {
            byPreference.computeIfAbsent(r.preference(), p -> new ArrayList<>()).add(r);
        }
        this.groups = List.copyOf(byPreference.values().stream().map(List::copyOf).toList());
    }

    public List<SmtpRoute> order() {
        int t = turn.getAndIncrement() & Integer.MAX_VALUE;
        List<SmtpRoute> out = new ArrayList<>();
        for (List<SmtpRoute> g : groups) {
            int start = t % g.size();
            for (int i = 0; i < g.size(); i++) {
                out.add(g.get((start + i) % g.size()));
            }
        }
        return out;
    }
}
