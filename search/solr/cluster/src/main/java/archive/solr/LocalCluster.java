package archive.solr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.impl.PreemptiveBasicAuthClientBuilderFactory;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.common.cloud.ZkStateReader;
import org.apache.solr.common.params.MapSolrParams;
import org.apache.solr.common.util.Utils;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.security.Sha256AuthenticationProvider;
import org.apache.zookeeper.CreateMode;

/**
 * A local SolrCloud for development and tests: ZooKeeper and N Solr nodes in one JVM, from Solr's
 * own test framework (MiniSolrCloudCluster), on 127.0.0.1. Prints "zk", "node K", "control" lines
 * and then "ready" on stdout; logs go to stderr. A small HTTP server (the control port) stops and
 * starts nodes: POST /stop?node=K, POST /start?node=K, GET /status.
 *
 * <p>The nodes are started here (not by MiniSolrCloudCluster's constructor, which would refuse an
 * existing nodeK/ directory) so that each can have its own port and so that a --dir holding an
 * earlier run's zookeeper/ and nodeK/ directories is reused: ZooKeeper is not formatted, the nodes
 * find their cores again, and the collection comes back with its documents (uncommitted ones too,
 * from the transaction log). With the same --ports the node names stay the same. After a kill -9
 * the next start waits about 30 s for the old ZooKeeper sessions to expire.
 *
 * <p>With --basic-auth USER:PASSWORD the cluster requires HTTP Basic authentication: a
 * security.json (BasicAuthPlugin with blockUnknown, RuleBasedAuthorizationPlugin with USER in role
 * "admin", permission "all") is written to ZooKeeper before the nodes start, and the launcher's own
 * SolrJ requests send those credentials. Without the option an earlier run's security.json in a
 * reused --dir is removed, so the cluster is open again.
 */
public final class LocalCluster {
  private static final PrintStream out = System.out;
  // Jersey logs a harmless warning through java.util.logging at start-up (kept referenced).
  private static final java.util.logging.Logger jersey =
      java.util.logging.Logger.getLogger("org.glassfish.jersey");

  private int nodes = 2, shards = 2, replicas = 2, zkPort = 0, controlPort = 0;
  private Path dir, configset;
  private String configsetName, collection;
  private String authUser, authPassword; // --basic-auth, or null
  private int[] ports;

  private ZkTestServer zk;
  private MiniSolrCloudCluster cluster;
  private final List<JettySolrRunner> jettys = new ArrayList<>();
  private HttpServer control;

  public static void main(String[] args) throws Exception {
    System.setOut(System.err); // stdout carries only the lines documented above
    jersey.setLevel(java.util.logging.Level.SEVERE);
    LocalCluster lc = new LocalCluster();
    try {
      lc.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LocalCluster: " + e.getMessage());
      System.err.println(
          "usage: LocalCluster [--nodes N] [--dir PATH] [--configset CONF_DIR] [--configset-name NAME]\n"
              + "         [--collection NAME [--shards S] [--replicas R]] [--ports P1,P2,...]\n"
              + "         [--zk-port P] [--control-port P] [--basic-auth USER:PASSWORD]");
      System.exit(2);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(lc::shutdown, "local-cluster-shutdown"));
    try {
      lc.start();
    } catch (Throwable t) {
      t.printStackTrace();
      System.err.println("LocalCluster: start-up failed: " + t);
      System.exit(1); // runs the shutdown hook
    }
    out.println("zk " + lc.zk.getZkHost());
    for (int i = 0; i < lc.jettys.size(); i++) {
      out.println("node " + (i + 1) + " " + lc.jettys.get(i).getBaseUrl());
    }
    out.println("control http://127.0.0.1:" + lc.control.getAddress().getPort());
    out.println("ready");
    out.flush();
    Thread.currentThread().join(); // until a signal; the shutdown hook stops everything
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + a);
      String v = args[++i];
      try {
        switch (a) {
          case "--nodes" -> nodes = Integer.parseInt(v);
          case "--dir" -> dir = Path.of(v).toAbsolutePath();
          case "--configset" -> configset = Path.of(v).toAbsolutePath();
          case "--configset-name" -> configsetName = v;
          case "--collection" -> collection = v;
          case "--shards" -> shards = Integer.parseInt(v);
          case "--replicas" -> replicas = Integer.parseInt(v);
          case "--zk-port" -> zkPort = Integer.parseInt(v);
          case "--control-port" -> controlPort = Integer.parseInt(v);
          case "--basic-auth" -> {
            int c = v.indexOf(':'); // the user cannot contain ':', the password may
            if (c < 1 || c == v.length() - 1)
              throw new IllegalArgumentException("--basic-auth needs USER:PASSWORD");
            authUser = v.substring(0, c);
            authPassword = v.substring(c + 1);
          }
          case "--ports" -> {
            String[] ps = v.split(",");
            ports = new int[ps.length];
            for (int k = 0; k < ps.length; k++) ports[k] = Integer.parseInt(ps[k].trim());
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + a + " " + v);
      }
    }
    if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1");
    if (ports != null && ports.length != nodes)
      throw new IllegalArgumentException("--ports needs " + nodes + " ports, one per node");
    if (configset != null && !Files.isRegularFile(configset.resolve("solrconfig.xml")))
      throw new IllegalArgumentException("no solrconfig.xml in configset " + configset);
    if (configsetName == null)
      configsetName = collection != null ? collection : configset != null ? "archive" : null;
    if (collection != null && configset == null)
      throw new IllegalArgumentException("--collection needs --configset");
  }

  private void start() throws Exception {
    // Defaults the test framework would otherwise set (or randomize).
    System.setProperty("solr.distributedCollectionConfigSetExecution", "false");
    System.setProperty("solr.distributedClusterStateUpdates", "false");
    System.setProperty("zookeeper.admin.enableServer", "false");
    System.setProperty("zookeeper.4lw.commands.whitelist", "stat"); // ZkTestServer needs it
    if (authUser != null) {
      // Before any SolrJ client exists (HttpClientUtil reads the factory once, Http2SolrClient
      // on every construction). The credentials are given directly rather than through the
      // "basicauth" property, whose user:password parsing (StrUtils.splitSmart) would reject a
      // password containing ':' and mangle quotes or backslashes. The nodes in this JVM build
      // their clients the same way, so their own requests authenticate as this user too.
      PreemptiveBasicAuthClientBuilderFactory.setDefaultSolrParams(
          new MapSolrParams(
              Map.of(
                  "httpBasicAuthUser", authUser,
                  "httpBasicAuthPassword", authPassword)));
      System.setProperty(
          "solr.httpclient.builder.factory",
          PreemptiveBasicAuthClientBuilderFactory.class.getName());
    }
    if (dir == null) dir = Files.createTempDirectory("local-solrcloud");
    Files.createDirectories(dir);

    // ZooKeeper: same layout as MiniSolrCloudCluster's own; never formatted, so an earlier
    // run's /solr tree (configsets, collections) is kept.
    zk = new ZkTestServer(dir.resolve("zookeeper/server1/data"), zkPort);
    zk.run(false);

    JettyConfig base = JettyConfig.builder().setContext("/solr").stopAtShutdown(false).build();
    // No nodes yet: the constructor uploads solr.xml (if absent) and builds the CloudSolrClient.
    cluster =
        new MiniSolrCloudCluster(
            0, dir, MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML, base, zk, false);
    // Before the nodes, which read it at start-up. (Not cluster.getZkClient(): that needs a
    // cluster with live nodes.)
    try (SolrZkClient zkClient =
        new SolrZkClient.Builder()
            .withUrl(zk.getZkAddress()) // the /solr chroot
            .withTimeout(30, TimeUnit.SECONDS)
            .build()) {
      writeSecurityJson(zkClient);
    }

    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<Future<JettySolrRunner>> started = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Path home = dir.resolve("node" + (i + 1));
      Files.createDirectories(home); // MiniSolrCloudCluster's own would refuse an existing one
      Properties props = new Properties();
      props.setProperty("zkHost", zk.getZkAddress());
      int port = ports == null ? 0 : ports[i];
      JettyConfig cfg = JettyConfig.builder(base).setPort(port).build();
      JettySolrRunner jetty = new JettySolrRunner(home.toString(), props, cfg);
      jettys.add(jetty);
      started.add(pool.submit(() -> cluster.startJettySolrRunner(jetty, false)));
    }
    pool.shutdown();
    for (Future<JettySolrRunner> f : started) f.get();
    cluster.waitForAllNodes(120);

    if (configset != null) cluster.uploadConfigSet(configset, configsetName);
    if (collection != null) {
      var state = cluster.getZkStateReader().getClusterState();
      if (state.getCollectionOrNull(collection) == null) {
        CollectionAdminRequest.createCollection(collection, configsetName, shards, replicas)
            .setRouterName("compositeId")
            .process(cluster.getSolrClient());
        cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, shards, shards * replicas);
      } else {
        System.err.println("LocalCluster: collection " + collection + " exists; reloading it");
        cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS);
        CollectionAdminRequest.reloadCollection(collection).process(cluster.getSolrClient());
        cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS);
      }
    }

    control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 8);
    control.createContext("/stop", ex -> handle(ex, true, "POST"));
    control.createContext("/start", ex -> handle(ex, false, "POST"));
    control.createContext("/status", ex -> handle(ex, null, "GET"));
    control.setExecutor(Executors.newCachedThreadPool());
    control.start();
  }

  /**
   * With --basic-auth, writes /security.json (in the /solr chroot, next to solr.xml) as Solr's
   * Basic Authentication docs show; without it, removes one left by an earlier run.
   */
  private void writeSecurityJson(SolrZkClient zkClient) throws Exception {
    String path = ZkStateReader.SOLR_SECURITY_CONF_PATH; // "/security.json"
    boolean exists = zkClient.exists(path, true);
    if (authUser == null) {
      if (exists) {
        System.err.println("LocalCluster: no --basic-auth: removing the earlier run's " + path);
        zkClient.delete(path, -1, true);
      }
      return;
    }
    // "base64(sha256(sha256(salt + password))) base64(salt)", with a random salt.
    String hashed = Sha256AuthenticationProvider.getSaltedHashedValue(authPassword);
    Map<String, Object> security =
        Map.of(
            "authentication",
            Map.of(
                "class", "solr.BasicAuthPlugin",
                "blockUnknown", true,
                "forwardCredentials", false,
                "credentials", Map.of(authUser, hashed)),
            "authorization",
            Map.of(
                "class", "solr.RuleBasedAuthorizationPlugin",
                "permissions", List.of(Map.of("name", "all", "role", "admin")),
                "user-role", Map.of(authUser, "admin")));
    byte[] json = Utils.toJSON(security);
    if (exists) zkClient.setData(path, json, true);
    else zkClient.create(path, json, CreateMode.PERSISTENT, true);
  }

  /** stop: true for /stop, false for /start, null for /status. */
  private void handle(HttpExchange ex, Boolean stop, String method) throws IOException {
    int code = 200;
    String body;
    try {
      if (!ex.getRequestMethod().equals(method)) {
        code = 405;
        body = method + " only\n";
      } else if (stop == null) {
        body = status();
      } else {
        int k = nodeParam(ex.getRequestURI().getRawQuery());
        if (k < 1 || k > jettys.size()) {
          code = 400;
          body = "node must be 1.." + jettys.size() + "\n";
        } else {
          body = stop ? stopNode(k) : startNode(k);
        }
      }
    } catch (Throwable t) {
      t.printStackTrace();
      code = 500;
      body = t + "\n";
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static int nodeParam(String query) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("node=")) {
          try {
            return Integer.parseInt(kv.substring(5));
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
    }
    return -1;
  }

  private synchronized String status() {
    StringBuilder sb = new StringBuilder();
    Set<String> live = cluster.getZkStateReader().getClusterState().getLiveNodes();
    for (int i = 0; i < jettys.size(); i++) {
      JettySolrRunner j = jettys.get(i);
      boolean up = j.isRunning() && live.contains(j.getNodeName());
      sb.append("node ").append(i + 1).append(' ').append(up ? "up" : "down").append(' ')
          .append(j.getBaseUrl()).append('\n');
    }
    return sb.toString();
  }

  private synchronized String stopNode(int k) throws Exception {
    JettySolrRunner j = jettys.get(k - 1);
    if (!j.isRunning()) return "node " + k + " already stopped\n";
    String name = j.getNodeName();
    cluster.stopJettySolrRunner(j); // JettySolrRunner.stop(); the port is kept for start
    cluster.waitForJettyToStop(j);
    cluster.getZkStateReader()
        .waitForLiveNodes(60, TimeUnit.SECONDS, (o, n) -> n == null || !n.contains(name));
    if (collection != null) {
      // Until every shard that still has a live replica has a live leader, so that updates
      // sent to the remaining nodes succeed straight away.
      try {
        cluster.getZkStateReader()
            .waitForState(collection, 60, TimeUnit.SECONDS, LocalCluster::leadersLive);
      } catch (Exception e) {
        System.err.println("LocalCluster: leaders not re-elected after stopping node " + k + ": " + e);
      }
    }
    return "node " + k + " stopped\n";
  }

  private static boolean leadersLive(Set<String> live, DocCollection c) {
    if (c == null) return false;
    for (Slice s : c.getSlices()) {
      boolean anyLive = s.getReplicas().stream().anyMatch(r -> live.contains(r.getNodeName()));
      Replica leader = s.getLeader();
      if (anyLive && (leader == null || !leader.isActive(live))) return false;
    }
    return true;
  }

  private synchronized String startNode(int k) throws Exception {
    JettySolrRunner j = jettys.get(k - 1);
    if (j.isRunning()) return "node " + k + " already running\n";
    cluster.startJettySolrRunner(j, true); // same port as before
    cluster.waitForNode(j, 120);
    if (collection != null) cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS);
    return "node " + k + " started\n";
  }

  private void shutdown() {
    try {
      if (control != null) control.stop(0);
      if (cluster != null) cluster.shutdown();
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      try {
        if (zk != null) zk.shutdown();
      } catch (Throwable t) {
        t.printStackTrace();
      }
    }
  }
}
