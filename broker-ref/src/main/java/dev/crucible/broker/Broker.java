package dev.crucible.broker;

import dev.crucible.broker.api.BrokerContext;
import dev.crucible.broker.protocol.RequestDispatcher;
import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.broken.LoseAckedWrites;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.DataListener;
import dev.crucible.broker.config.Limits;
import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.broker.log.RecoveryCheckpoint;
import dev.crucible.broker.log.ResourceBudget;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.net.KafkaServer;
import dev.crucible.broker.net.NetLimits;
import dev.crucible.io.GroupCommitWriter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running broker-ref: the data directory (locked against a second broker), the log writer, the
 * topics, the request handlers and a listening socket per data listener. {@link #start} returns once clients can
 * connect; {@link #close} stops in the reverse order and leaves every log flushed.
 *
 * <p>With {@code crucible.broken} set the broker is wrong on purpose ({@link BrokenMode}, for testing the
 * chaos harness only) and says so on standard error before anything else.
 */
public final class Broker implements AutoCloseable {
    private final BrokerConfig config;
    private final List<AutoCloseable> closeInOrder;
    private final FileChannel lockChannel;
    private final Map<String, KafkaServer> servers;
    private final Topics topics;

    private Broker(BrokerConfig config, List<AutoCloseable> closeInOrder, FileChannel lockChannel, Map<String, KafkaServer> servers,
                   Topics topics) {
        this.config = config;
        this.closeInOrder = closeInOrder;
        this.lockChannel = lockChannel;
        this.servers = Map.copyOf(servers);
        this.topics = topics;
    }

    /** Opens the data directory (recovering every log) and starts listening. */
    public static Broker start(BrokerConfig config) throws IOException, InterruptedException {
        config.broken().ifPresent(mode -> System.err.println(mode.warning()));
        List<AutoCloseable> resources = new ArrayList<>();
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        FileChannel lockChannel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new IOException("data directory " + dataDir + " is in use by another broker (" + dataDir.resolve(".lock") + " is locked)");
            }
            boolean cleanShutdown = CleanShutdown.consume(dataDir);
            Map<String, RecoveryCheckpoint.Point> recoveryPoints = cleanShutdown ? null : RecoveryCheckpoint.read(dataDir);
            String clusterId = MetaProperties.loadOrCreate(dataDir, config.nodeId(),
                config.cluster().standalone() ? null : ClusterStart.clusterId(config.cluster()));
            GroupCommitWriter writer = GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT
                .withRetentionCheckIntervalMs(config.retentionCheckIntervalMs()));
            resources.add(0, writer);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("crucible-timers"));
            resources.add(0, () -> shutdown(timers));
            BrokerServices services = BrokerServices.open(config, writer, timers, cleanShutdown, recoveryPoints);
            resources.add(0, services);
            AdmissionFactory admissions = services.admissions();
            LoseAckedWrites lostWrites = null;
            if (config.broken().orElse(null) == BrokenMode.LOSE_ACKED_WRITES) {
                lostWrites = LoseAckedWrites.load(dataDir);
                admissions = lostWrites.rollingBackFirst(admissions);
            }
            Topics topics = Topics.open(dataDir, writer, config.topicDefaults(), admissions,
                new Topics.Options(config.limits().maxBrokerPartitions(), ResourceBudget.ofThisProcess(), timers, cleanShutdown,
                    recoveryPoints));
            Runnable checkpoint = () -> saveRecoveryPoints(dataDir, topics, services);
            checkpoint.run(); // at once: what this start validated (or found clean) is on disk
            timers.scheduleWithFixedDelay(checkpoint, CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS);
            resources.add(0, topics);
            if (lostWrites != null) {
                lostWrites.start(topics);
                resources.add(0, lostWrites); // stops before the topics close
            }
            ClusterStart.Joined joined = config.cluster().standalone() ? null : ClusterStart.join(config, topics, timers, resources);
            ExecutorService admin = Executors.newSingleThreadExecutor(daemon("crucible-admin"));
            resources.add(0, () -> shutdown(admin));
            Map<String, AtomicInteger> boundPorts = new LinkedHashMap<>();
            for (DataListener l : config.cluster().dataListeners()) {
                boundPorts.put(l.name(), new AtomicInteger());
            }
            BrokerContext context = new BrokerContext(config, clusterId, topics, admin, timers, name -> boundPorts.get(name).get(),
                joined == null ? null : joined.view());
            RequestDispatcher dispatcher = RequestDispatcher.standard(context, joined == null ? services.producerIds() : joined.producerIds());
            services.registerGroupApis(dispatcher, joined == null ? null : joined.view().replicas(), timers, resources);
            Limits limits = config.limits();
            NetLimits netLimits = new NetLimits(config.socketRequestMaxBytes(), config.maxInFlightPerConnection(), limits.maxConnections(),
                limits.maxConnectionsPerIp(), limits.connectionsMaxIdleMs(), limits.queuedMaxRequestBytes());
            Map<String, KafkaServer> servers = new LinkedHashMap<>();
            for (DataListener l : config.cluster().dataListeners()) {
                KafkaServer server = KafkaServer.start(l.name(), l.host(), l.port(), config.networkThreads(), netLimits, dispatcher);
                resources.add(0, server);
                servers.put(l.name(), server);
                boundPorts.get(l.name()).set(server.port());
            }
            BrokerLog.info("broker-ref node " + config.nodeId() + " listening on " + describe(config, servers, context) + ", data in " + dataDir
                + ", " + topics.all().size() + " topics (" + (cleanShutdown ? "after a clean stop" : "recovered") + "), cluster " + clusterId
                + config.broken().map(mode -> ", BROKEN MODE " + mode.modeName()).orElse(""));
            return new Broker(config, resources, lockChannel, servers, topics);
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAll(resources);
            lockChannel.close(); // no clean-stop marker: the next start recovers in full
            throw e;
        }
    }

    /**
     * Where the data listeners are: the primary one as {@code HOST:PORT (transport), advertised as HOST:PORT},
     * each further one as {@code NAME on HOST:PORT, advertised as HOST:PORT}; the inter-broker one marked when
     * there are several.
     */
    private static String describe(BrokerConfig config, Map<String, KafkaServer> servers, BrokerContext context) {
        StringBuilder out = new StringBuilder();
        for (DataListener l : config.cluster().dataListeners()) {
            KafkaServer server = servers.get(l.name());
            Endpoint advertised = context.advertised(l.name());
            String at = (l.host().isEmpty() ? "*" : l.host()) + ":" + server.port();
            if (out.length() == 0) {
                out.append(at).append(" (").append(server.transport()).append(")");
            } else {
                out.append(", ").append(l.name()).append(" on ").append(at);
            }
            out.append(", advertised as ").append(advertised.host()).append(':').append(advertised.port());
            if (servers.size() > 1 && l.name().equals(config.cluster().interBrokerListener())) {
                out.append(" (inter-broker)");
            }
        }
        return out.toString();
    }

    /** How often the recovery points are saved (Kafka's {@code log.flush.offset.checkpoint.interval.ms}). */
    static final long CHECKPOINT_INTERVAL_MS = 60_000;

    private static void saveRecoveryPoints(Path dataDir, Topics topics, BrokerServices services) {
        try {
            Map<String, RecoveryCheckpoint.Point> points = topics.recoveryPoints();
            RecoveryCheckpoint.Point offsets = services.offsetsRecoveryPoint();
            if (offsets != null) {
                points.put(BrokerServices.OFFSETS_DIR, offsets);
            }
            RecoveryCheckpoint.write(dataDir, points);
        } catch (IOException | RuntimeException e) {
            BrokerLog.warn("could not save the recovery points (a crash validates more): " + e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The port the primary data listener bound. */
    public int port() {
        return port(config.cluster().primaryListener().name());
    }

    /** The port the named data listener bound. */
    public int port(String listener) {
        KafkaServer server = servers.get(listener);
        if (server == null) {
            throw new IllegalArgumentException("no data listener " + listener + " (" + servers.keySet() + ")");
        }
        return server.port();
    }

    public BrokerConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Stops in reverse order of start; when every part stopped without error and no log had failed,
     * leaves the clean-stop marker (before the data directory's lock is released).
     */
    @Override
    public void close() {
        boolean clean = closeAll(closeInOrder) && topics.closedCleanly();
        if (clean) {
            try {
                CleanShutdown.mark(config.dataDir());
            } catch (IOException e) {
                BrokerLog.warn("could not mark the clean stop (the next start recovers in full): " + e);
            }
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            BrokerLog.warn("while releasing the data directory lock: " + e);
        }
        BrokerLog.info("broker-ref node " + config.nodeId() + " stopped" + (clean ? "" : " (not cleanly)"));
    }

    /** Closes each resource in order; false when any failed. */
    private static boolean closeAll(List<AutoCloseable> resources) {
        boolean clean = true;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                clean = false;
                BrokerLog.warn("while stopping: " + e);
            }
        }
        resources.clear();
        return clean;
    }
}
