package dev.mamori.pop3.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the POP3 proxy from a YAML file for the shell end-to-end tests ({@code e2e/transparent/}) until
 * {@code mamori serve} is on main. It maps the YAML straight onto the config records with Jackson, failing on unknown
 * keys; the real loader adds friendlier messages and path handling, so the e2e scripts switch to {@code mamori serve}
 * as soon as the distribution exists.
 *
 * <p>Usage: {@code YamlConfigLauncher CONFIG.yaml DATA_DIR}. Prints {@code MAMORI READY} once every listener is bound;
 * closes the listeners and the runtime on SIGTERM/SIGINT.
 */
public final class YamlConfigLauncher {
    private YamlConfigLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: YamlConfigLauncher CONFIG.yaml DATA_DIR");
            System.exit(2);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        MamoriConfig config = yaml.readValue(Path.of(args[0]).toFile(), MamoriConfig.class)
                .withDataDir(Path.of(args[1]));
        ProxyRuntime runtime = ProxyRuntime.start(config);
        Pop3Proxy proxy;
        try {
            proxy = Pop3Proxy.start(config, runtime);
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            runtime.close();
            stopped.countDown();
        }, "mamori-shutdown"));
        System.out.println("MAMORI READY " + proxy.boundAddresses());
        System.out.flush();
        stopped.await();
    }
}
