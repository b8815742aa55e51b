package dev.crucible.broker.replication;

import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataState;
import dev.crucible.broker.metadata.Outcome;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.metadata.TopicImage;
import dev.crucible.io.LeaderEpochCache.EpochEnd;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic simulation of partition replication on three brokers: the real {@link PartitionLeader}
 * and {@link FollowerTruncation} rules, the real controller rules ({@link MetadataState}, applied by an
 * in-memory controller that is always available but reachable only through the simulated network),
 * in-memory logs that lose what was not forced on a power loss, and one seeded scheduler for
 * everything: message delays (so reordering), message loss, network partitions, broker crashes,
 * restarts and pauses. An acks=all producer and readers run throughout.
 *
 * <p>Checked after every event (../shared/specs/replication.md section 1.9):
 * <ul>
 *   <li>R1/R7: the committed history of a partition (everything any leader's high watermark ever
 *       covered) never changes, every member of the committed in-sync set holds all of it, and every
 *       acknowledged record is in it at the offset it was acknowledged with;</li>
 *   <li>R2: every replica agrees with the committed history below its own high watermark (so replicas
 *       are identical below their high watermarks, and no two reads ever see two values at an offset);</li>
 *   <li>R3: a leader's high watermark never moves back within its leader epoch;</li>
 *   <li>R4: one broker leads a partition at a given leader epoch;</li>
 *   <li>R5: a high watermark never passes its log end.</li>
 * </ul>
 * At the end every fault is healed and the run goes on without faults: every partition must get a
 * leader, all three replicas back in sync and identical logs, and every acknowledged record readable.
 */
final class ReplicationSimulation {
    static final int BROKERS = 3;
    private static final int CONTROLLER = BROKERS;
    private static final int CLIENT = BROKERS + 1;
    private static final int NODES = BROKERS + 2;
    private static final String TOPIC = "sim";
    private static final long HEARTBEAT_MS = 40;
    private static final long SESSION_MS = 300;
    private static final long LAG_MS = 400;
    private static final long FETCH_TIMEOUT_MS = 250;
    private static final long PRODUCE_TIMEOUT_MS = 1_500;
    private static final long TICK_MS = 10;

    /** How a run is set up. */
    record Options(boolean fsync, boolean powerLoss, BrokenMode broken, int partitions, int minIsr, long faultMs, long healMs) {
        static Options of(long seed, boolean fsync, BrokenMode broken) {
            Random r = new Random(seed * 31 + 7);
            return new Options(fsync, fsync && r.nextBoolean(), broken, 1 + r.nextInt(2), r.nextInt(4) == 0 ? 1 : 2, 6_000, 6_000);
        }

        /** The same run where crashes may also lose what was not forced, whatever the fsync mode. */
        Options withPowerLoss() {
            return new Options(fsync, true, broken, partitions, minIsr, faultMs, healMs);
        }
    }

    private final long seed;
    private final Random rnd;
    private final Options options;
    private final ReplicationSettings settings;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final boolean[][] cut = new boolean[NODES][NODES];
    private final long[] pausedUntil = new long[NODES];
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final Broker[] brokers = new Broker[BROKERS];
    private final Controller controller = new Controller();
    private final Client client;
    private final Committed[] committed;
    private final Map<String, Long> leaderHighWatermarks = new HashMap<>();
    private final Map<String, Integer> leaderOfEpoch = new HashMap<>();
    private Uuid topicId;
    private long now;
    private long sequence;
    private int faults;

    private record Event(long time, long sequence, int node, int life, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(sequence, o.sequence);
        }
    }

    /** What the run found (for the test's message and the note's figures). */
    record Result(long seed, int acked, int faults, int leaderChanges, long committedRecords) { }

    ReplicationSimulation(long seed, Options options) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.options = options;
        this.settings = new ReplicationSettings(LAG_MS, options.fsync(), options.broken());
        this.committed = new Committed[options.partitions()];
        for (int p = 0; p < committed.length; p++) {
            committed[p] = new Committed();
        }
        this.client = new Client();
    }

    // ------------------------------------------------------------------ running

    Result run() {
        for (int b = 0; b < BROKERS; b++) {
            brokers[b] = new Broker(b, options.partitions());
        }
        controller.bootstrap();
        for (Broker b : brokers) {
            b.start();
        }
        client.start();
        schedule(200, -1, 0, this::nextFault);
        long end = options.faultMs() + options.healMs();
        while (!events.isEmpty() && events.peek().time() <= end) {
            Event e = events.poll();
            now = e.time();
            if (e.node() >= 0 && e.node() < BROKERS) {
                Broker b = brokers[e.node()];
                if (!b.alive || b.life != e.life()) {
                    continue; // the process that set this up is gone
                }
                if (pausedUntil[e.node()] > now) {
                    events.add(new Event(pausedUntil[e.node()], sequence++, e.node(), e.life(), e.action()));
                    continue;
                }
            }
            e.action().run();
            checkInvariants();
        }
        checkHealed();
        int leaderChanges = leaderOfEpoch.size();
        long records = 0;
        for (Committed c : committed) {
            records += c.end;
        }
        return new Result(seed, client.acked, faults, leaderChanges, records);
    }

    private void schedule(long delayMs, int node, int life, Runnable action) {
        events.add(new Event(now + delayMs, sequence++, node, life, action));
    }

    /** Delivers {@code action} on {@code to} after a network delay, unless the link is cut or the message is lost. */
    private void send(int from, int to, Runnable action) {
        if (cut[from][to] || rnd.nextInt(100) < 2) {
            return;
        }
        int life = to < BROKERS ? brokers[to].life : 0;
        schedule(1 + rnd.nextInt(12), to, life, action);
    }

    private void note(String line) {
        trace.addLast(now + " " + line);
        if (trace.size() > 80) {
            trace.removeFirst();
        }
    }

    private AssertionError failure(String message) {
        return new AssertionError("seed " + seed + " " + options + " at " + now + " ms: " + message + "\nlast events:\n  "
            + String.join("\n  ", trace) + "\nbrokers:\n  " + describeBrokers() + "\ncontroller: " + controller.image);
    }

    private String describeBrokers() {
        StringBuilder s = new StringBuilder();
        for (Broker b : brokers) {
            s.append(b).append("\n  ");
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ faults

    private void nextFault() {
        if (now >= options.faultMs()) {
            healAll();
            return;
        }
        faults++;
        int kind = rnd.nextInt(6);
        int target = rnd.nextInt(BROKERS);
        if (kind == 0 || kind == 1) {
            int leader = rnd.nextBoolean() ? leaderOf(rnd.nextInt(options.partitions())) : -1;
            Broker victim = brokers[leader >= 0 ? leader : target];
            if (victim.alive) {
                victim.crash(options.powerLoss() && rnd.nextBoolean());
                schedule(100 + rnd.nextInt(700), -1, 0, victim::start);
            }
        } else if (kind == 2) {
            pausedUntil[target] = now + 100 + rnd.nextInt(500);
            note("pause " + target + " until " + pausedUntil[target]);
        } else if (kind == 3) {
            isolate(rnd.nextInt(BROKERS + 1)); // a broker, or the controller
        } else if (kind == 4) {
            int a = rnd.nextInt(BROKERS);
            int b = (a + 1 + rnd.nextInt(BROKERS - 1)) % BROKERS;
            cut[a][b] = true;
            cut[b][a] = true;
            note("cut " + a + " <-> " + b);
        } else {
            healNetwork();
        }
        schedule(150 + rnd.nextInt(450), -1, 0, this::nextFault);
    }

    private int leaderOf(int partition) {
        return controller.image.topic(TOPIC).partition(partition).leader();
    }

    private void isolate(int node) {
        for (int other = 0; other <= BROKERS; other++) {
            if (other != node) {
                cut[node][other] = true;
                cut[other][node] = true;
            }
        }
        note("isolate " + (node == CONTROLLER ? "controller" : "broker " + node));
    }

    private void healNetwork() {
        for (boolean[] row : cut) {
            java.util.Arrays.fill(row, false);
        }
        note("heal network");
    }

    private void healAll() {
        healNetwork();
        java.util.Arrays.fill(pausedUntil, 0);
        for (Broker b : brokers) {
            if (!b.alive) {
                b.start();
            }
        }
        note("heal everything");
    }

    // ------------------------------------------------------------------ the controller

    /** The metadata quorum, faked: one linearizable copy of the real state machine. */
    private final class Controller {
        MetadataImage image = MetadataImage.EMPTY;
        long index;
        final long[] lastContact = new long[BROKERS];

        Outcome submit(Command command) {
            MetadataState.Applied applied = MetadataState.apply(image, ++index, command);
            if (!applied.image().equals(image)) {
                checkCommittedIsrHoldsHistory(applied.image());
            }
            image = applied.image();
            String what = command instanceof Command.AlterPartition a ? "AlterPartition from " + a.brokerId() + " at epoch "
                + a.leaderEpoch() + "/" + a.partitionEpoch() + " ISR " + a.newIsr() : command.getClass().getSimpleName();
            note("controller " + what + " -> " + applied.outcome());
            return applied.outcome();
        }

        void bootstrap() {
            for (Broker b : brokers) {
                b.registration = registration(b.id);
                long epoch = submit(b.registration).value();
                submit(new Command.UnfenceBroker(b.id, epoch));
            }
            topicId = new Uuid(seed, 42);
            List<List<Integer>> assignments = new ArrayList<>();
            for (int p = 0; p < options.partitions(); p++) {
                assignments.add(List.of(p % BROKERS, (p + 1) % BROKERS, (p + 2) % BROKERS));
            }
            submit(new Command.CreateTopic(TOPIC, topicId, Map.of("min.insync.replicas", Integer.toString(options.minIsr())), assignments));
            schedule(TICK_MS, CONTROLLER, 0, this::tick);
        }

        Command.RegisterBroker registration(int id) {
            return new Command.RegisterBroker(id, new Uuid(rnd.nextLong(), rnd.nextLong()),
                List.of(new Endpoint("PLAINTEXT", "broker" + id, 9092)), null);
        }

        void tick() {
            for (int b = 0; b < BROKERS; b++) {
                var reg = image.broker(b);
                if (reg != null && !reg.fenced() && now - lastContact[b] > SESSION_MS) {
                    submit(new Command.FenceBroker(b, reg.epoch()));
                }
            }
            schedule(25, CONTROLLER, 0, this::tick);
        }

        void heartbeat(int broker, long epoch) {
            lastContact[broker] = now;
            var reg = image.broker(broker);
            if (reg != null && reg.epoch() == epoch && reg.fenced()) {
                submit(new Command.UnfenceBroker(broker, epoch));
            }
            MetadataImage reply = image;
            send(CONTROLLER, broker, () -> brokers[broker].learn(reply));
        }
    }

    // ------------------------------------------------------------------ brokers

    /** A produce waiting for its acknowledgement on a leader. */
    private record Waiter(int partition, int value, int offset, int requestId) { }

    /** What a broker process keeps about one partition; gone when it crashes. */
    private static final class Replica {
        PartitionLeader<Waiter> leader;
        int highWatermark;
        int followedLeader = -1;
        int followedEpoch = -1;
        boolean fetchInFlight;
        long fetchSentAt;
        boolean awaitingFlush;
        long alterSentAt;
    }

    private final class Broker {
        final int id;
        final SimReplicaLog[] logs;
        final int[] highWatermarkCheckpoint;
        Replica[] replicas;
        boolean alive;
        int life;
        long epoch = -1;
        Command.RegisterBroker registration;
        MetadataImage image = MetadataImage.EMPTY;
        boolean flushScheduled;
        long ticks;

        Broker(int id, int partitions) {
            this.id = id;
            this.logs = new SimReplicaLog[partitions];
            this.highWatermarkCheckpoint = new int[partitions];
            for (int p = 0; p < partitions; p++) {
                logs[p] = new SimReplicaLog();
            }
        }

        void start() {
            if (alive) {
                return;
            }
            alive = true;
            life++;
            epoch = -1;
            image = MetadataImage.EMPTY;
            flushScheduled = false;
            replicas = new Replica[logs.length];
            for (int p = 0; p < logs.length; p++) {
                replicas[p] = new Replica();
                replicas[p].highWatermark = Math.min(highWatermarkCheckpoint[p], logs[p].end());
            }
            if (life > 1 || registration == null) {
                registration = controller.registration(id); // a new process: a new incarnation
            }
            note("start broker " + id + " life " + life);
            register();
            schedule(TICK_MS, id, life, this::tick);
        }

        void crash(boolean powerLoss) {
            alive = false;
            for (int p = 0; p < logs.length; p++) {
                if (powerLoss) {
                    logs[p].losePageCache();
                }
                highWatermarkCheckpoint[p] = Math.min(highWatermarkCheckpoint[p], logs[p].end());
            }
            replicas = null;
            note("crash broker " + id + (powerLoss ? " losing its page cache" : ""));
            checkCommittedIsrHoldsHistory(controller.image);
        }

        private void register() {
            if (epoch >= 0) {
                return;
            }
            Command.RegisterBroker command = registration;
            int from = id;
            send(from, CONTROLLER, () -> {
                long value = controller.submit(command).value();
                send(CONTROLLER, from, () -> {
                    if (epoch < 0) {
                        epoch = value;
                    }
                });
            });
            schedule(100, id, life, this::register);
        }

        void tick() {
            if (epoch >= 0 && ticks++ % (HEARTBEAT_MS / TICK_MS) == 0) {
                long e = epoch;
                send(id, CONTROLLER, () -> controller.heartbeat(id, e));
            }
            for (int p = 0; p < logs.length; p++) {
                Replica r = replicas[p];
                if (r.leader != null) {
                    leaderTick(p, r);
                } else if (r.followedLeader >= 0) {
                    maybeFetch(p, r);
                }
            }
            if (!options.fsync() && rnd.nextInt(8) == 0) {
                flushAll(); // the page cache is written back now and then
            }
            schedule(TICK_MS, id, life, this::tick);
        }

        private void leaderTick(int p, Replica r) {
            r.leader.expireAcks(now);
            List<Integer> shrink = r.leader.maybeShrink(now);
            if (shrink != null) {
                sendAlter(p, r.leader, shrink);
            } else if (r.leader.proposedIsr() != null && now - r.alterSentAt > 200) {
                sendAlter(p, r.leader, r.leader.proposedIsr()); // the answer was lost: ask again
            }
        }

        /** A newer image from the controller: lead, follow, or stop, as it says. */
        void learn(MetadataImage next) {
            if (next.appliedIndex() <= image.appliedIndex()) {
                return;
            }
            image = next;
            if (epoch < 0 || next.appliedIndex() < epoch) {
                return; // not yet registered in this image: act on nothing it says about this broker
            }
            TopicImage topic = next.topic(TOPIC);
            for (int p = 0; p < logs.length; p++) {
                apply(p, topic.partition(p));
            }
        }

        private void apply(int p, PartitionState state) {
            Replica r = replicas[p];
            if (state.leader() == id) {
                if (r.leader != null && r.leader.leaderEpoch() == state.leaderEpoch()) {
                    r.leader.committed(state);
                    return;
                }
                if (r.leader != null) {
                    r.leader.resign();
                }
                becomeLeader(p, r, state);
                return;
            }
            if (r.leader != null) {
                r.highWatermark = (int) r.leader.highWatermark();
                r.leader.resign();
                r.leader = null;
                note("broker " + id + " p" + p + " stops leading");
            }
            if (state.leader() >= 0 && state.replicas().contains(id) && state.leaderEpoch() != r.followedEpoch) {
                r.followedLeader = state.leader();
                r.followedEpoch = state.leaderEpoch();
                r.fetchInFlight = false;
                if (settings.truncatesToHighWatermark()) {
                    logs[p].truncate(r.highWatermark);
                    checkCommittedIsrHoldsHistory(controller.image);
                }
                note("broker " + id + " p" + p + " follows " + state.leader() + " at epoch " + state.leaderEpoch());
            } else if (state.leader() < 0) {
                r.followedLeader = -1;
                r.followedEpoch = -1;
            }
        }

        private void becomeLeader(int p, Replica r, PartitionState state) {
            String key = p + "@" + state.leaderEpoch();
            Integer before = leaderOfEpoch.putIfAbsent(key, id);
            if (before != null && before != id) {
                throw failure("R4: broker " + id + " leads partition " + p + " at epoch " + state.leaderEpoch() + ", which broker "
                    + before + " led");
            }
            SimReplicaLog log = logs[p];
            log.assignEpoch(state.leaderEpoch());
            int minIsr = options.minIsr();
            r.leader = new PartitionLeader<>(id, state, minIsr, r.highWatermark, log.end(), counted(log), now, settings,
                (w, error) -> answerProduce(w, error));
            r.followedLeader = -1;
            r.followedEpoch = -1;
            note("broker " + id + " p" + p + " leads at epoch " + state.leaderEpoch() + " " + r.leader);
        }

        private long counted(SimReplicaLog log) {
            return settings.fsync() ? log.flushedEnd() : log.end();
        }

        private void answerProduce(Waiter w, Errors error) {
            send(id, CLIENT, () -> client.answered(w, error));
        }

        private void sendAlter(int p, PartitionLeader<Waiter> leader, List<Integer> isr) {
            replicas[p].alterSentAt = now;
            Command.AlterPartition command = new Command.AlterPartition(topicId, p, id, epoch, leader.leaderEpoch(),
                leader.partitionEpoch(), isr);
            int myLife = life;
            send(id, CONTROLLER, () -> {
                Outcome outcome = controller.submit(command);
                send(CONTROLLER, id, () -> {
                    if (life == myLife && replicas[p].leader == leader) {
                        if (outcome.isOk()) {
                            leader.alterCommitted(isr, (int) outcome.value());
                        } else {
                            leader.alterRefused(isr, outcome.error());
                        }
                        note("broker " + id + " p" + p + " told " + isr + " " + outcome + ": " + leader);
                    }
                });
            });
        }

        // ---------------------------------------------------------- follower side

        private void maybeFetch(int p, Replica r) {
            if (r.awaitingFlush || r.fetchInFlight && now - r.fetchSentAt < FETCH_TIMEOUT_MS) {
                return;
            }
            SimReplicaLog log = logs[p];
            int leader = r.followedLeader;
            int leaderEpoch = r.followedEpoch;
            int fetchOffset = log.end();
            int lastFetchedEpoch = settings.truncatesToHighWatermark() ? -1 : log.latestEpoch();
            long brokerEpoch = epoch;
            int myLife = life;
            r.fetchInFlight = true;
            r.fetchSentAt = now;
            send(id, leader, () -> brokers[leader].serveFetch(id, myLife, brokerEpoch, p, leaderEpoch, fetchOffset, lastFetchedEpoch));
        }

        private void fetched(int p, int leaderEpoch, int fetchOffset, FetchCheck check, int[] epochs, int[] values, long leaderHw) {
            Replica r = replicas[p];
            if (r.leader != null || r.followedEpoch != leaderEpoch) {
                return; // an answer from a leadership this broker has moved on from
            }
            r.fetchInFlight = false;
            SimReplicaLog log = logs[p];
            if (log.end() != fetchOffset) {
                return; // the log changed since the fetch was sent: ask again
            }
            if (check instanceof FetchCheck.Diverging d) {
                long cut = FollowerTruncation.truncationOffset(new EpochEnd(d.epoch(), d.endOffset()), log.endOffsetFor(d.epoch()),
                    log.end(), r.highWatermark);
                note("broker " + id + " p" + p + " diverges from leader at " + d + ": truncates " + log.end() + " -> " + cut);
                log.truncate((int) cut);
                r.highWatermark = Math.min(r.highWatermark, log.end());
                checkCommittedIsrHoldsHistory(controller.image);
                return;
            }
            if (check instanceof FetchCheck.Refused refused && refused.error() == Errors.OFFSET_OUT_OF_RANGE && fetchOffset > leaderHw) {
                // beyond the leader's log end: cut to its high watermark and fetch on, as ReplicaFetcher does
                note("broker " + id + " p" + p + " is beyond the leader's log end: truncates " + log.end() + " -> " + leaderHw);
                log.truncate((int) leaderHw);
                r.highWatermark = Math.min(r.highWatermark, log.end());
                checkCommittedIsrHoldsHistory(controller.image);
                return;
            }
            if (!(check instanceof FetchCheck.Read)) {
                return;
            }
            for (int i = 0; i < values.length; i++) {
                log.append(epochs[i], values[i]);
            }
            r.highWatermark = (int) Math.min(leaderHw, log.end());
            if (settings.fsync() && log.flushedEnd() < log.end()) {
                r.awaitingFlush = true; // the next fetch (the acknowledgement) waits for the force
                scheduleFlush();
            } else if (values.length > 0) {
                maybeFetch(p, r); // more may be waiting; an empty answer waits for the next tick (a long poll's wait)
            }
        }

        // ---------------------------------------------------------- leader side

        void serveFetch(int follower, int followerLife, long brokerEpoch, int p, int leaderEpoch, int fetchOffset, int lastFetchedEpoch) {
            Replica r = replicas[p];
            SimReplicaLog log = logs[p];
            FetchCheck check;
            int[] epochs = new int[0];
            int[] values = new int[0];
            long hw = 0;
            if (r.leader == null) {
                check = new FetchCheck.Refused(Errors.NOT_LEADER_OR_FOLLOWER, "not leader");
            } else {
                ReplicaEligibility eligibility = ReplicaEligibility.of(image);
                check = r.leader.checkFetch(follower, brokerEpoch, leaderEpoch, lastFetchedEpoch, fetchOffset,
                    log.endOffsetFor(lastFetchedEpoch), 0, eligibility);
                if (check instanceof FetchCheck.Read) {
                    List<Integer> expansion = r.leader.followerFetched(follower, brokerEpoch, fetchOffset, now, eligibility);
                    if (expansion != null) {
                        sendAlter(p, r.leader, expansion);
                    }
                    int n = Math.min(log.end() - fetchOffset, 1 + rnd.nextInt(64));
                    epochs = new int[n];
                    values = new int[n];
                    for (int i = 0; i < n; i++) {
                        epochs[i] = log.epochAt(fetchOffset + i);
                        values[i] = log.valueAt(fetchOffset + i);
                    }
                    hw = r.leader.highWatermark();
                } else if (check instanceof FetchCheck.Refused refused && refused.error() == Errors.OFFSET_OUT_OF_RANGE) {
                    hw = r.leader.highWatermark(); // the refusal carries it, for the follower to cut to
                }
            }
            FetchCheck answer = check;
            int[] e = epochs;
            int[] v = values;
            long leaderHw = hw;
            send(id, follower, () -> {
                Broker f = brokers[follower];
                if (f.life == followerLife) {
                    f.fetched(p, leaderEpoch, fetchOffset, answer, e, v, leaderHw);
                }
            });
        }

        void produce(int p, int value, int requestId) {
            Replica r = replicas[p];
            if (r.leader == null) {
                answerProduce(new Waiter(p, value, -1, requestId), Errors.NOT_LEADER_OR_FOLLOWER);
                return;
            }
            Errors admitted = r.leader.admitAcksAll();
            if (admitted != Errors.NONE) {
                answerProduce(new Waiter(p, value, -1, requestId), admitted);
                return;
            }
            SimReplicaLog log = logs[p];
            int offset = log.end();
            log.append(r.leader.leaderEpoch(), value);
            r.leader.localAppended(log.end(), counted(log));
            if (settings.fsync()) {
                scheduleFlush();
            }
            r.leader.awaitAck(offset + 1, now + PRODUCE_TIMEOUT_MS, new Waiter(p, value, offset, requestId));
        }

        /** A group commit: forces every log a little later, as the writer thread does. */
        private void scheduleFlush() {
            if (!flushScheduled) {
                flushScheduled = true;
                schedule(1 + rnd.nextInt(6), id, life, () -> {
                    flushScheduled = false;
                    flushAll();
                });
            }
        }

        private void flushAll() {
            for (int p = 0; p < logs.length; p++) {
                logs[p].flush();
                Replica r = replicas[p];
                highWatermarkCheckpoint[p] = (int) Math.min(currentHighWatermark(p), logs[p].end());
                if (r.leader != null) {
                    r.leader.localAppended(logs[p].end(), counted(logs[p]));
                }
                if (r.awaitingFlush) {
                    r.awaitingFlush = false;
                    if (r.leader == null && r.followedLeader >= 0) {
                        maybeFetch(p, r);
                    }
                }
            }
        }

        long currentHighWatermark(int p) {
            Replica r = replicas[p];
            return r.leader != null ? r.leader.highWatermark() : r.highWatermark;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("broker " + id + (alive ? " life " + life + " epoch " + epoch : " down")
                + (pausedUntil[id] > now ? " paused" : ""));
            for (int p = 0; p < logs.length; p++) {
                s.append("\n    p").append(p).append(' ').append(logs[p]);
                if (alive) {
                    Replica r = replicas[p];
                    s.append(r.leader != null ? " " + r.leader : " hw " + r.highWatermark + " follows " + r.followedLeader + "@"
                        + r.followedEpoch);
                }
            }
            return s.toString();
        }
    }

    // ------------------------------------------------------------------ clients

    /** An acks=all producer (no retries: every value is sent once) that also reads below leaders' high watermarks. */
    private final class Client {
        int nextValue = 1;
        int nextRequest;
        int acked;
        MetadataImage metadata = MetadataImage.EMPTY;
        final List<Map<Integer, Integer>> ackedAt = new ArrayList<>();

        Client() {
            for (int p = 0; p < options.partitions(); p++) {
                ackedAt.add(new HashMap<>());
            }
        }

        void start() {
            schedule(5, CLIENT, 0, this::produceOne);
            schedule(100, CLIENT, 0, this::refresh);
        }

        void refresh() {
            metadata = controller.image;
            schedule(100, CLIENT, 0, this::refresh);
        }

        void produceOne() {
            if (now < options.faultMs() + options.healMs() / 3) {
                int p = rnd.nextInt(options.partitions());
                TopicImage topic = metadata.topic(TOPIC);
                int leader = topic == null ? -1 : topic.partition(p).leader();
                if (leader >= 0) {
                    int value = nextValue++;
                    int request = nextRequest++;
                    send(CLIENT, leader, () -> brokers[leader].produce(p, value, request));
                }
                schedule(2 + rnd.nextInt(8), CLIENT, 0, this::produceOne);
            }
        }

        void answered(Waiter w, Errors error) {
            if (error != Errors.NONE) {
                if (error == Errors.NOT_LEADER_OR_FOLLOWER) {
                    metadata = controller.image;
                }
                return;
            }
            Committed c = committed[w.partition()];
            Integer before = ackedAt.get(w.partition()).putIfAbsent(w.offset(), w.value());
            if (before != null && before != w.value()) {
                throw failure("two values acknowledged at offset " + w.offset() + " of p" + w.partition() + ": " + before + " and " + w.value());
            }
            if (w.offset() >= c.end || c.valueAt(w.offset()) != w.value()) {
                throw failure("R1: value " + w.value() + " acknowledged at p" + w.partition() + " offset " + w.offset()
                    + " is not in the committed history (committed end " + c.end + ")");
            }
            acked++;
        }
    }

    // ------------------------------------------------------------------ invariants

    /** Everything any leader's high watermark ever covered in one partition, in order. */
    private static final class Committed {
        final SimReplicaLog log = new SimReplicaLog();
        int end;

        int valueAt(int offset) {
            return log.valueAt(offset);
        }
    }

    private void checkInvariants() {
        for (int p = 0; p < committed.length; p++) {
            Committed c = committed[p];
            for (Broker b : brokers) {
                if (!b.alive) {
                    continue;
                }
                Replica r = b.replicas[p];
                SimReplicaLog log = b.logs[p];
                long hw = b.currentHighWatermark(p);
                if (hw > log.end()) {
                    throw failure("R5: broker " + b.id + " p" + p + " high watermark " + hw + " is past its log end " + log.end());
                }
                if (r.leader != null) {
                    String key = b.id + "/" + b.life + "/" + p + "@" + r.leader.leaderEpoch();
                    Long before = leaderHighWatermarks.put(key, hw);
                    if (before != null && hw < before) {
                        throw failure("R3: leader " + b.id + " p" + p + " high watermark went back " + before + " -> " + hw);
                    }
                    extendCommitted(c, b, p, (int) hw);
                } else if (hw > c.end) {
                    throw failure("broker " + b.id + " p" + p + " follows with high watermark " + hw + " past the committed end " + c.end);
                }
                int below = (int) Math.min(hw, c.end);
                if (log.prefixHash(below) != c.log.prefixHash(below)) {
                    throw failure("R2: broker " + b.id + " p" + p + " differs from the committed history below its high watermark " + hw);
                }
            }
        }
    }

    private void extendCommitted(Committed c, Broker b, int p, int hw) {
        if (hw <= c.end) {
            return;
        }
        SimReplicaLog log = b.logs[p];
        if (log.prefixHash(c.end) != c.log.prefixHash(c.end)) {
            throw failure("R2: leader " + b.id + " p" + p + " moved its high watermark to " + hw + " over a log that differs from the"
                + " committed history below " + c.end);
        }
        for (int o = c.end; o < hw; o++) {
            c.log.append(log.epochAt(o), log.valueAt(o));
        }
        c.end = hw;
        checkCommittedIsrHoldsHistory(controller.image);
    }

    /**
     * R1/R7: every member of the committed in-sync set of {@code image} holds the committed history.
     * Checked whenever a log can lose records (truncation, a crash) and whenever the set or the history changes.
     */
    private void checkCommittedIsrHoldsHistory(MetadataImage image) {
        TopicImage topic = image.topic(TOPIC);
        if (topic == null) {
            return;
        }
        for (int p = 0; p < committed.length; p++) {
            Committed c = committed[p];
            for (int member : topic.partition(p).isr()) {
                SimReplicaLog log = brokers[member].logs[p];
                if (log.end() < c.end || log.prefixHash(c.end) != c.log.prefixHash(c.end)) {
                    throw failure("R1: broker " + member + ", in the ISR " + topic.partition(p).isr() + " of p" + p
                        + ", lacks committed records below " + c.end + ": its log " + log);
                }
            }
        }
    }

    /** After the faults: every partition led, all replicas in sync with identical logs, every acknowledged record there. */
    private void checkHealed() {
        TopicImage topic = controller.image.topic(TOPIC);
        for (int p = 0; p < committed.length; p++) {
            PartitionState state = topic.partition(p);
            if (state.leader() < 0 || state.isr().size() != BROKERS) {
                throw failure("liveness: after " + options.healMs() + " ms without faults p" + p + " is " + state);
            }
            Broker leader = brokers[state.leader()];
            SimReplicaLog log = leader.logs[p];
            long hw = leader.currentHighWatermark(p);
            if (hw != log.end()) {
                throw failure("liveness: leader " + leader.id + " p" + p + " high watermark " + hw + " != log end " + log.end());
            }
            for (Broker b : brokers) {
                if (b.logs[p].end() != log.end() || b.logs[p].prefixHash(log.end()) != log.prefixHash(log.end())) {
                    throw failure("broker " + b.id + " p" + p + " log differs from the leader's after healing");
                }
            }
            for (Map.Entry<Integer, Integer> a : client.ackedAt.get(p).entrySet()) {
                if (a.getKey() >= log.end() || log.valueAt(a.getKey()) != a.getValue()) {
                    throw failure("R1: acknowledged value " + a.getValue() + " at p" + p + " offset " + a.getKey() + " is lost");
                }
            }
        }
    }
}
