package dev.crucible.broker.quorum;

import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Command.FenceBroker;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Command.UnfenceBroker;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataState;
import dev.crucible.broker.metadata.Outcome;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The active controller's duties on a manual clock: a broker is fenced one session timeout after its
 * last heartbeat (not a nanosecond before), a new controller gives every broker one timeout of grace,
 * a fenced broker is unfenced once its heartbeat says it has applied its own registration, heartbeats
 * from an old epoch count for nothing, and one fence or unfence per broker is in flight at a time.
 */
class ControllerDutiesTest {
    private static final long TIMEOUT_MS = 2_000;
    private static final long MS = 1_000_000;

    private long nowNanos = 5_000 * MS;
    private MetadataImage image = MetadataImage.EMPTY;
    private long index;
    private final List<Command> submitted = new ArrayList<>();
    private final List<CompletableFuture<Outcome>> replies = new ArrayList<>();
    private RuntimeException failNextSubmit;
    private final ControllerDuties duties = new ControllerDuties(TIMEOUT_MS, () -> nowNanos, () -> image, this::submit);

    private CompletableFuture<Outcome> submit(Command command) {
        if (failNextSubmit != null) {
            RuntimeException e = failNextSubmit;
            failNextSubmit = null;
            throw e;
        }
        submitted.add(command);
        CompletableFuture<Outcome> reply = new CompletableFuture<>();
        replies.add(reply);
        return reply;
    }

    private Outcome apply(Command command) {
        MetadataState.Applied applied = MetadataState.apply(image, ++index, command);
        image = applied.image();
        return applied.outcome();
    }

    /** Commits the submitted commands in order: applied to the image, then their replies completed (as Ratis does). */
    private void commitSubmitted() {
        for (int i = 0; i < submitted.size(); i++) {
            Outcome outcome = apply(submitted.get(i));
            replies.get(i).complete(outcome);
        }
        submitted.clear();
        replies.clear();
    }

    private long register(int id) {
        return apply(new RegisterBroker(id, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "h", 9000 + id)), null)).value();
    }

    private long registerUnfenced(int id) {
        long epoch = register(id);
        apply(new UnfenceBroker(id, epoch));
        return epoch;
    }

    private void advanceMs(long ms) {
        nowNanos += ms * MS;
    }

    /** Ticks and returns what the tick submitted (and forgets it, leaving the replies pending). */
    private List<Command> tick() {
        int before = submitted.size();
        duties.tick();
        return List.copyOf(submitted.subList(before, submitted.size()));
    }

    @Test
    void aControllerThatIsNotActiveAnswersNothingAndFencesNothing() {
        long epoch = registerUnfenced(1);
        assertThat(duties.isActive()).isFalse();
        assertThat(duties.heartbeat(1, epoch, index)).isEqualTo((byte) -1);
        advanceMs(10 * TIMEOUT_MS);
        assertThat(tick()).isEmpty();

        duties.becomeActive();
        duties.resign();
        assertThat(duties.heartbeat(1, epoch, index)).isEqualTo((byte) -1);
        advanceMs(10 * TIMEOUT_MS);
        assertThat(tick()).isEmpty();
    }

    @Test
    void theHeartbeatReplySaysFencedActiveOrUnknownEpoch() {
        duties.becomeActive();
        long epoch = register(1);
        assertThat(duties.heartbeat(1, epoch, 0)).isEqualTo(QueryCodec.STATUS_FENCED);
        assertThat(duties.heartbeat(1, epoch - 1, 0)).isEqualTo(QueryCodec.STATUS_UNKNOWN_EPOCH);
        assertThat(duties.heartbeat(1, epoch + 1, 0)).isEqualTo(QueryCodec.STATUS_UNKNOWN_EPOCH);
        assertThat(duties.heartbeat(2, epoch, 0)).isEqualTo(QueryCodec.STATUS_UNKNOWN_EPOCH);
        apply(new UnfenceBroker(1, epoch));
        assertThat(duties.heartbeat(1, epoch, index)).isEqualTo(QueryCodec.STATUS_ACTIVE);
    }

    @Test
    void aBrokerIsUnfencedOnlyOnceItHasAppliedItsOwnRegistration() {
        duties.becomeActive();
        long epoch = register(1);
        duties.heartbeat(1, epoch, epoch - 1);
        assertThat(tick()).isEmpty();
        duties.heartbeat(1, epoch, epoch);
        assertThat(tick()).containsExactly(new UnfenceBroker(1, epoch));
        commitSubmitted();
        assertThat(image.isActive(1)).isTrue();
        assertThat(tick()).isEmpty();
    }

    @Test
    void aSilentBrokerIsFencedOneSessionTimeoutAfterItsLastHeartbeatNotBefore() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        advanceMs(300);
        assertThat(duties.heartbeat(1, epoch, index)).isEqualTo(QueryCodec.STATUS_ACTIVE);
        advanceMs(TIMEOUT_MS);
        assertThat(tick()).as("exactly one timeout after the heartbeat").isEmpty();
        nowNanos += 1;
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
        commitSubmitted();
        assertThat(image.broker(1).fenced()).isTrue();
        assertThat(duties.heartbeat(1, epoch, index)).isEqualTo(QueryCodec.STATUS_FENCED);
    }

    @Test
    void aBrokerThatKeepsHeartbeatingIsNeverFenced() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        for (int i = 0; i < 50; i++) {
            advanceMs(TIMEOUT_MS / 2);
            duties.heartbeat(1, epoch, index);
            assertThat(tick()).isEmpty();
        }
    }

    @Test
    void aNewActiveControllerGivesEveryBrokerOneSessionTimeoutOfGrace() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        duties.heartbeat(1, epoch, index);
        duties.resign();
        advanceMs(5 * TIMEOUT_MS); // longer than a session while another controller was active

        duties.becomeActive(); // the heartbeat from its previous term counts for nothing, and nor does the silence before
        advanceMs(TIMEOUT_MS);
        assertThat(tick()).isEmpty();
        advanceMs(1);
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
    }

    @Test
    void aHeartbeatWithAnOldEpochDoesNotKeepTheBrokerAlive() {
        long old = registerUnfenced(1);
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        advanceMs(TIMEOUT_MS / 2);
        assertThat(duties.heartbeat(1, old, index)).isEqualTo(QueryCodec.STATUS_UNKNOWN_EPOCH);
        advanceMs(TIMEOUT_MS / 2 + 1);
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
    }

    @Test
    void oneFenceOrUnfenceInFlightPerBrokerAndAFailedOneIsRetried() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        advanceMs(TIMEOUT_MS + 1);
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
        assertThat(tick()).as("while the first is in flight").isEmpty();
        advanceMs(TIMEOUT_MS);
        assertThat(tick()).isEmpty();

        replies.get(0).completeExceptionally(new RuntimeException("no quorum"));
        submitted.clear();
        replies.clear();
        assertThat(tick()).as("not committed: decided again").containsExactly(new FenceBroker(1, epoch));
        commitSubmitted();
        assertThat(tick()).isEmpty();
    }

    @Test
    void aReplyFromAnEarlierTermDoesNotReleaseTheSubmissionOfTheCurrentOne() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        advanceMs(TIMEOUT_MS + 1);
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
        CompletableFuture<Outcome> firstTerm = replies.get(0);

        duties.resign();
        duties.becomeActive();
        advanceMs(TIMEOUT_MS + 1);
        assertThat(tick()).as("a new term decides afresh").containsExactly(new FenceBroker(1, epoch));

        firstTerm.completeExceptionally(new RuntimeException("not leader"));
        assertThat(tick()).as("the new term's fence is still in flight").isEmpty();
    }

    @Test
    void aSubmitThatThrowsDoesNotStopTheDutiesNorBlockTheBroker() {
        long epoch = registerUnfenced(1);
        duties.becomeActive();
        advanceMs(TIMEOUT_MS + 1);
        failNextSubmit = new IllegalStateException("client closed");
        assertThatCode(duties::tick).doesNotThrowAnyException();
        assertThat(tick()).containsExactly(new FenceBroker(1, epoch));
    }

    @Test
    void unfencingWaitsForAFreshHeartbeatAndFencingForExpiry() {
        duties.becomeActive();
        long epoch = register(1);
        duties.heartbeat(1, epoch, epoch);
        advanceMs(TIMEOUT_MS + 1);
        assertThat(tick()).as("a caught-up report older than a session does not unfence").isEmpty();
        duties.heartbeat(1, epoch, epoch);
        assertThat(tick()).containsExactly(new UnfenceBroker(1, epoch));
    }
}
