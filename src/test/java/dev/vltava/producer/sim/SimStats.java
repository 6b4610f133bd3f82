package dev.vltava.producer.sim;

import java.util.Map;
import java.util.TreeMap;

/** What happened in runs (summed over seeds): shows that the faults really fire. Not checked, only printed. */
final class SimStats {
    long runs;
    long records;
    long acked;
    long ackedWithoutOffset;
    long failed;
    long produceRequests;
    long injectedErrors;
    long notLeader;
    long leaderHints;
    long staleMetadataServed;
    long disconnectsBeforeWrite;
    long partialWrites;
    long disconnectsAfterWrite;
    long lateResponses;
    long stalledWrites;
    long leaderMoves;
    long brokerRestarts;
    long producerStateLosses;
    long callbacksThrown;
    long slowCallbacks;
    long flushes;
    long closes;
    long forcedCloses;
    long blockedSends;
    long blockedGaveUp;
    long virtualMs;
    long duplicatesAfterProducerIdReset;
    long duplicatesWithoutIdempotence;
    /** Without idempotence: records stored after later ones because their request failed behind pipelined ones. */
    long reorderedBehindAFailure;
    /** NOT_LEADER_OR_FOLLOWER from a leader that had not applied its election yet (LEADER_ELECTION_LAG). */
    long electionLagRejections;
    final Map<String, Integer> logErrors = new TreeMap<>();
    final Map<String, Integer> failures = new TreeMap<>();

    void add(SimStats o) {
        runs += o.runs;
        records += o.records;
        acked += o.acked;
        ackedWithoutOffset += o.ackedWithoutOffset;
        failed += o.failed;
        produceRequests += o.produceRequests;
        injectedErrors += o.injectedErrors;
        notLeader += o.notLeader;
        leaderHints += o.leaderHints;
        staleMetadataServed += o.staleMetadataServed;
        disconnectsBeforeWrite += o.disconnectsBeforeWrite;
        partialWrites += o.partialWrites;
        disconnectsAfterWrite += o.disconnectsAfterWrite;
        lateResponses += o.lateResponses;
        stalledWrites += o.stalledWrites;
        leaderMoves += o.leaderMoves;
        brokerRestarts += o.brokerRestarts;
        producerStateLosses += o.producerStateLosses;
        callbacksThrown += o.callbacksThrown;
        slowCallbacks += o.slowCallbacks;
        flushes += o.flushes;
        closes += o.closes;
        forcedCloses += o.forcedCloses;
        blockedSends += o.blockedSends;
        blockedGaveUp += o.blockedGaveUp;
        virtualMs += o.virtualMs;
        duplicatesAfterProducerIdReset += o.duplicatesAfterProducerIdReset;
        duplicatesWithoutIdempotence += o.duplicatesWithoutIdempotence;
        reorderedBehindAFailure += o.reorderedBehindAFailure;
        electionLagRejections += o.electionLagRejections;
        o.logErrors.forEach((k, v) -> logErrors.merge(k, v, Integer::sum));
        o.failures.forEach((k, v) -> failures.merge(k, v, Integer::sum));
    }

    @Override
    public String toString() {
        return "runs=" + runs + " records=" + records + " acked=" + acked + " (without offset: " + ackedWithoutOffset + ")" + " failed=" + failed
                + " produceRequests=" + produceRequests + " injectedErrors=" + injectedErrors + " notLeader=" + notLeader
                + " leaderHints=" + leaderHints + " staleMetadata=" + staleMetadataServed
                + " disconnectsBeforeWrite=" + disconnectsBeforeWrite + " partialWrites=" + partialWrites
                + " disconnectsAfterWrite=" + disconnectsAfterWrite + " lateResponses=" + lateResponses + " stalledWrites=" + stalledWrites
                + " leaderMoves=" + leaderMoves + " brokerRestarts=" + brokerRestarts
                + " producerStateLosses=" + producerStateLosses + " callbacksThrown=" + callbacksThrown
                + " slowCallbacks=" + slowCallbacks + " flushes=" + flushes + " closes=" + closes
                + " forcedCloses=" + forcedCloses + " blockedSends=" + blockedSends + " blockedGaveUp=" + blockedGaveUp + " virtualMs=" + virtualMs + " KNOWN-duplicatesAfterProducerIdReset=" + duplicatesAfterProducerIdReset
                + " duplicatesWithoutIdempotence=" + duplicatesWithoutIdempotence
                + " reorderedBehindAFailure=" + reorderedBehindAFailure + " electionLagRejections=" + electionLagRejections
                + " logErrors=" + logErrors + " failures=" + failures;
    }
}
