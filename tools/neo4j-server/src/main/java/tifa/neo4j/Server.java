package tifa.neo4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community as its own JVM, for tifa's tests, CI and users without Docker.
 *
 * <p>Usage: {@code Server HOME BOLT_PORT HTTP_PORT [--no-auth]}. Binds 127.0.0.1 only, with
 * usage reporting and telemetry off. With auth on, the password of user neo4j is
 * NEO4J_PASSWORD (set on first start). Prints one "tifa-neo4j ready" line once Bolt and HTTP
 * listen and the password is set (and writes the pid to HOME/tifa-ready); SIGTERM shuts the
 * databases down cleanly.
 */
public final class Server {
    /** Settings by name: none of these leave loopback or phone home. */
    private static final List<String> QUIET = List.of(
            "dbms.usage_report.enabled=false",
            "server.bolt.telemetry.enabled=false",
            "client.allow_telemetry=false",
            "server.default_listen_address=127.0.0.1",
            "server.https.enabled=false",
            "server.memory.pagecache.size=" + env("TIFA_NEO4J_PAGECACHE", "256m"),
            "db.tx_log.rotation.retention_policy=1 files");

    private Server() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Server HOME BOLT_PORT HTTP_PORT [--no-auth]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int bolt = Integer.parseInt(args[1]);
        int http = Integer.parseInt(args[2]);
        boolean auth = !List.of(args).contains("--no-auth");
        String password = System.getenv("NEO4J_PASSWORD");
        if (auth && (password == null || password.length() < 8)) {
            System.err.println("NEO4J_PASSWORD must be set (8 characters or more), or pass --no-auth");
            System.exit(2);
        }
        Files.createDirectories(home);
        Path conf = home.resolve("neo4j.conf");
        StringBuilder lines = new StringBuilder();
        for (String line : QUIET) {
            lines.append(line).append('\n');
        }
        String postConnect = System.getenv("TIFA_BROWSER_POST_CONNECT");
        if (postConnect != null && !postConnect.isEmpty()) {
            lines.append("browser.post_connect_cmd=").append(postConnect).append('\n');
        }
        Files.writeString(conf, lines.toString(), StandardCharsets.UTF_8);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", bolt))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", bolt))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, true)
                .setConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", http))
                .setConfig(HttpConnector.advertised_address, new SocketAddress("127.0.0.1", http))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .build();
        Path ready = home.resolve("tifa-ready");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (java.io.IOException e) {
                // the pid inside tells a stale file from a live one
            }
            service.shutdown();
            stopped.countDown();
        }));
        if (auth) {
            setPassword(service, password);
        }
        // Bolt answers from inside build(); clients may connect once the password is set.
        Files.writeString(ready, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        System.out.println("tifa-neo4j ready bolt=127.0.0.1:" + bolt + " http=127.0.0.1:" + http
                + " auth=" + auth);
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        } catch (RuntimeException e) {
            // The same password again (a restart on the same data) is refused: that is fine.
            if (!String.valueOf(e.getMessage()).contains("same")) {
                throw e;
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

}
