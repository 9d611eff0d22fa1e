package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.ConnectionKind;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.RosterEntry;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * Who is here: members' statuses ({@code member-status}) checked, rate-limited and gathered into
 * one {@code roster} per room that stays within its byte budget; the host's {@code remove-listener}.
 */
class RosterTest {
    private final ManualClock clock = new ManualClock();
    private final Limits limits = Limits.defaults().withMaxRooms(10).withConnectionsPerAddress(1_000);
    private final RoomRegistry registry = new RoomRegistry(new Tokens(), 500, limits, new TreeShape(4, 4));
    private final RoomService service = new RoomService(registry, clock, new Tokens(),
            token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
    private final ProtocolCodec codec = new ProtocolCodec();
    private int nextAddress;

    private record Client(Peer peer, RecordingOutbox outbox) {}

    private Client connect() {
        RecordingOutbox outbox = new RecordingOutbox();
        return new Client(service.connect("192.0.2." + (++nextAddress % 250), outbox), outbox);
    }

    private Client host() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom(RoomServiceTest.HOST_KEY), clock.now);
        return host;
    }

    private Client listener(Client host) {
        String url = host.outbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        Client listener = connect();
        service.handle(listener.peer, new ClientMessage.Join(url.substring(url.indexOf("invite=") + 7), true), clock.now);
        return listener;
    }

    /** A status sent when the page's clock estimate is {@code errorMs} off, read {@code delayMs} after it was sent. */
    private void status(Client c, String name, String connection, double errorMs, double delayMs) {
        double sentAt = clock.now - delayMs;
        service.handle(c.peer, new ClientMessage.MemberStatus(name, "Chrome", connection, sentAt + errorMs, 3.25, 2),
                clock.now);
    }

    private void tick(double ms) {
        clock.now += ms;
        registry.sendRosters(clock.now);
    }

    private static ErrorCode lastError(Client c) {
        return c.outbox.last(ServerMessage.Failure.class).code();
    }

    @Test
    void everyMemberSeesEveryMembersStatusInOneRosterWithTheHostFirst() {
        Client host = host();
        Client a = listener(host);
        Client b = listener(host);
        status(host, "Hosting Hana", "host", 0, 0.5);
        status(a, "Ari", "direct", 3, 1);
        status(b, "Bo", "direct", -2, 0.5);
        tick(125);

        for (Client c : List.of(host, a, b)) {
            ServerMessage.Roster roster = c.outbox.last(ServerMessage.Roster.class);
            assertThat(roster.listenerCount()).isEqualTo(2);
            assertThat(roster.entries()).extracting(RosterEntry::peerId)
                    .containsExactly(host.peer.id(), a.peer.id(), b.peer.id());
            assertThat(roster.entries()).extracting(RosterEntry::role).containsExactly(Role.HOST, Role.LISTENER, Role.LISTENER);
            assertThat(roster.entries()).extracting(RosterEntry::name).containsExactly("Hosting Hana", "Ari", "Bo");
            assertThat(roster.entries()).extracting(RosterEntry::offsetMs).containsExactly(-0.5, 2.0, -2.5);
            assertThat(roster.entries().get(1).connection()).isEqualTo(ConnectionKind.DIRECT);
            assertThat(roster.entries().get(1).bufferAheadSec()).isEqualTo(3.25);
            assertThat(roster.entries().get(1).missed()).isEqualTo(2);
        }
    }

    @Test
    void theOffsetShownIsTheLeastDelayedOfTheLastFewObservations() {
        Client host = host();
        status(host, "", "host", 1.0, 0.2);
        clock.now += 500;
        status(host, "", "host", 1.0, 40); // a busy moment: read 40 ms late
        tick(125);
        assertThat(host.outbox.last(ServerMessage.Roster.class).entries().get(0).offsetMs()).isEqualTo(0.8);
    }

    @Test
    void aMemberWithoutAStatusYetIsListedWithItsIdAndNothingElse() {
        Client host = host();
        Client a = listener(host);
        tick(125);
        RosterEntry entry = a.outbox.last(ServerMessage.Roster.class).entries().get(1);
        assertThat(entry).isEqualTo(new RosterEntry(a.peer.id(), Role.LISTENER, "", "", null, null, null, null));
    }

    @Test
    void statusesSentTooOftenAreDroppedAndCountedWithoutAnAnswer() {
        Client host = host();
        for (int i = 0; i < 20; i++) {
            status(host, "n" + i, "host", 0, 0);
            clock.now += 10;
        }
        assertThat(registry.rosterCounters().statusesDropped()).isEqualTo(20 - MemberStatuses.STATUS_BURST);
        assertThat(host.outbox.all(ServerMessage.Failure.class)).isEmpty();
        tick(125);
        assertThat(host.outbox.last(ServerMessage.Roster.class).entries().get(0).name()).isEqualTo("n2");

        // Every 500 ms, as pages send, is never dropped.
        long dropped = registry.rosterCounters().statusesDropped();
        for (int i = 0; i < 20; i++) {
            clock.now += 500;
            status(host, "steady", "host", 0, 0);
        }
        assertThat(registry.rosterCounters().statusesDropped()).isEqualTo(dropped);
    }

    @Test
    void namesAreCleanedAndCutToFortyCharactersAndMarkupIsPassedOnAsPlainText() {
        assertThat(RoomService.displayName("  Ann\u0000\u202Eeve\u200B\n ")).isEqualTo("Anneve");
        assertThat(RoomService.displayName("x".repeat(100))).hasSize(MemberStatus.MAX_NAME_CHARS);
        assertThat(RoomService.displayName("a".repeat(39) + "\uD83C\uDFB5")).isEqualTo("a".repeat(39));
        assertThat(RoomService.displayName("<img src=x onerror=alert(1)>")).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(RoomService.browserName("Chrome<script>/156 " + "z".repeat(40))).hasSize(24).startsWith("Chromescript156");
    }

    @Test
    void numbersOutOfRangeAreRefusedAndTheRosterKeepsTheLastGoodStatus() {
        Client host = host();
        status(host, "good", "host", 0, 0);
        clock.now += 500;
        double now = clock.now;
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "host", Double.NaN, 1, 0), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "host", now + 120_000, 1, 0), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_TIME);
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "host", now, -1, 0), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "host", now, Double.POSITIVE_INFINITY, 0), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "host", now, 1, -5), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        service.handle(host.peer, new ClientMessage.MemberStatus("bad", "", "pigeon", now, 1, 0), now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        tick(125);
        assertThat(host.outbox.last(ServerMessage.Roster.class).entries().get(0).name()).isEqualTo("good");
    }

    @Test
    void fieldsTheServerDoesNotKnowAreIgnoredButMissingOnesAreRefused() throws Exception {
        ClientMessage decoded = codec.decode("{\"type\":\"member-status\",\"name\":\"Ann\",\"browser\":\"Firefox\","
                + "\"connection\":\"relayed\",\"serverNowMs\":1795374200000.5,\"bufferAheadSec\":3.9,\"missed\":0,"
                + "\"volume\":0.5,\"future\":{\"x\":1}}");
        assertThat(decoded).isEqualTo(new ClientMessage.MemberStatus("Ann", "Firefox", "relayed", 1795374200000.5, 3.9, 0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(
                "{\"type\":\"member-status\",\"name\":\"Ann\",\"browser\":\"Firefox\",\"connection\":\"relayed\"}"))
                .isInstanceOf(org.syncroom.signaling.protocol.ProtocolException.class);
    }

    @Test
    void theHostHearsTheLeastLeadListenersMeasuredForTheRoomsLastPlayAndOnlyTheHost() {
        Client host = host();
        Client a = listener(host);
        Client b = listener(host);
        Client c = listener(host);
        service.handle(host.peer, new ClientMessage.AnnounceTrack("clicks", 30, 48_000, 2, 9_600, "pcm16",
                new org.syncroom.signaling.protocol.TrackTags("", ""), false), clock.now);
        double at = clock.now + 800;
        service.handle(host.peer, new ClientMessage.Play(0, at), clock.now);
        service.handle(a.peer, new ClientMessage.RestartLead(at, 420), clock.now);
        service.handle(b.peer, new ClientMessage.RestartLead(at, -35.5), clock.now);
        service.handle(c.peer, new ClientMessage.RestartLead(at - 5_000, -900), clock.now); // an older restart
        tick(125);
        assertThat(host.outbox.last(ServerMessage.Roster.class).restart())
                .isEqualTo(new ServerMessage.RestartSummary(at, 2, -35.5));
        assertThat(a.outbox.last(ServerMessage.Roster.class).restart()).as("the listeners' copy").isNull();
        assertThat(codec.encode(a.outbox.last(ServerMessage.Roster.class))).doesNotContain("restart");
        assertThat(codec.encode(host.outbox.last(ServerMessage.Roster.class)))
                .contains("\"restart\":{\"at\":" + at + ",\"reported\":2,\"minLeadMs\":-35.5}");

        service.handle(host.peer, new ClientMessage.Pause(1, clock.now + 200), clock.now);
        service.handle(a.peer, new ClientMessage.RestartLead(at, 420), clock.now); // the roster changes
        tick(600);
        assertThat(host.outbox.last(ServerMessage.Roster.class).restart()).as("paused: no restart to speak of").isNull();
    }

    @Test
    void aRestartLeadMustBeFiniteWithinAMinuteAndFromAListener() {
        Client host = host();
        Client a = listener(host);
        for (double[] bad : new double[][] {{Double.NaN, 5}, {clock.now, Double.POSITIVE_INFINITY}, {clock.now, 60_001},
                {clock.now, -60_001}}) {
            service.handle(a.peer, new ClientMessage.RestartLead(bad[0], bad[1]), clock.now);
            assertThat(lastError(a)).as(java.util.Arrays.toString(bad)).isEqualTo(ErrorCode.BAD_MESSAGE);
        }
        service.handle(host.peer, new ClientMessage.RestartLead(clock.now, 5), clock.now);
        assertThat(lastError(host)).as("the host").isEqualTo(ErrorCode.BAD_MESSAGE);
        Client outsider = connect();
        service.handle(outsider.peer, new ClientMessage.RestartLead(clock.now, 5), clock.now);
        assertThat(lastError(outsider)).as("not in a room").isEqualTo(ErrorCode.NOT_IN_ROOM);
    }

    @Test
    void onlyTheHostMayRemoveAListenerWhoseSocketIsThenClosedAndWhoseChildrenMove() {
        Client host = host();
        List<Client> listeners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            listeners.add(listener(host)); // fanout 4: the fifth and sixth hang under relays
        }
        Client target = listeners.stream().filter(c -> !c.outbox.all(ServerMessage.Feed.class).isEmpty())
                .findFirst().orElseThrow();
        Client other = listeners.stream().filter(c -> c != target).findFirst().orElseThrow();
        List<String> childrenOfTarget = target.outbox.all(ServerMessage.Feed.class).stream()
                .map(ServerMessage.Feed::peerId).toList();
        assertThat(childrenOfTarget).as("the target relays someone").isNotEmpty();

        service.handle(other.peer, new ClientMessage.RemoveListener(target.peer.id()), clock.now);
        assertThat(lastError(other)).isEqualTo(ErrorCode.NOT_HOST);
        service.handle(host.peer, new ClientMessage.RemoveListener("nobody"), clock.now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.UNKNOWN_PEER);
        service.handle(host.peer, new ClientMessage.RemoveListener(host.peer.id()), clock.now);
        assertThat(lastError(host)).isEqualTo(ErrorCode.UNKNOWN_PEER);
        assertThat(target.outbox.closes).isEmpty();

        service.handle(host.peer, new ClientMessage.RemoveListener(target.peer.id()), clock.now);
        assertThat(target.outbox.closes).containsExactly(CloseReason.REMOVED_BY_HOST);
        assertThat(CloseReason.REMOVED_BY_HOST.code()).isEqualTo(4004);
        assertThat(host.outbox.last(ServerMessage.PeerLeft.class).peerId()).isEqualTo(target.peer.id());
        for (Client c : listeners) {
            if (childrenOfTarget.contains(c.peer.id())) {
                assertThat(c.outbox.last(ServerMessage.Upstream.class).peerId()).as("moved off the removed relay")
                        .isNotEqualTo(target.peer.id()).isNotNull();
            }
        }
        tick(125);
        ServerMessage.Roster roster = host.outbox.last(ServerMessage.Roster.class);
        assertThat(roster.listenerCount()).isEqualTo(5);
        assertThat(roster.entries()).extracting(RosterEntry::peerId).doesNotContain(target.peer.id());

        // The removed page is out of the room: what it sends now is refused like any stranger's.
        service.handle(target.peer, new ClientMessage.RemoveListener(other.peer.id()), clock.now);
        assertThat(lastError(target)).isEqualTo(ErrorCode.NOT_IN_ROOM);
    }

    @Test
    void aSmallRoomSeesTwoRostersASecondAndNoneWhenNothingChanged() {
        Client host = host();
        Client a = listener(host);
        int before = a.outbox.all(ServerMessage.Roster.class).size();
        for (int i = 0; i < 40; i++) { // 5 s of statuses every 500 ms, ticks every 125 ms
            if (i % 4 == 0) {
                status(host, "h", "host", 0, 0);
                status(a, "a", "direct", 0, 0);
            }
            tick(125);
        }
        assertThat(a.outbox.all(ServerMessage.Roster.class).size() - before).isBetween(9, 11);
        assertThat(host.outbox.all(ServerMessage.Roster.class).size()).isBetween(9, 11);

        int quiet = a.outbox.all(ServerMessage.Roster.class).size();
        for (int i = 0; i < 40; i++) {
            tick(125);
        }
        assertThat(a.outbox.all(ServerMessage.Roster.class)).hasSize(quiet);
    }

    @Test
    void aRoomOfFiveHundredListenersWithLongestNamesStaysWithinHalfAMebibyteASecond() {
        Client host = host();
        List<Client> listeners = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            listeners.add(listener(host));
        }
        // The costliest names there are: 40 characters JSON must escape or UTF-8 spends 3 bytes on.
        String costly = "\"\\€".repeat(14).substring(0, 40);
        double seconds = 60;
        long bytes = 0;
        int hostRosters = 0;
        for (int t = 0; t < seconds * 8; t++) {
            if (t % 4 == 0) {
                status(host, costly, "host", 0, 0);
                for (Client l : listeners) {
                    status(l, costly, "relayed", 0, 0);
                }
            }
            tick(125);
            for (Client c : listeners.subList(0, 1)) {
                for (ServerMessage.Roster r : drainRosters(c)) {
                    assertThat(r.entries()).hasSize(50);
                    assertThat(r.listenerCount()).isEqualTo(500);
                    int wire = codec.encode(r).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    assertThat(r.maxWireBytes()).as("the bound holds").isGreaterThanOrEqualTo(wire);
                    bytes += (long) wire * 500; // every listener got this same copy
                }
            }
            for (ServerMessage.Roster r : drainRosters(host)) {
                bytes += codec.encode(r).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                hostRosters++;
            }
        }
        double perSec = bytes / seconds;
        System.out.printf("[roster] 500 listeners, 40-character costly names: %.0f KiB/s to the room, host %d rosters in %.0f s%n",
                perSec / 1024, hostRosters, seconds);
        assertThat(perSec).isLessThanOrEqualTo(RosterPacing.BUDGET_BYTES_PER_SEC);
        assertThat(hostRosters).as("the host still sees two a second").isGreaterThanOrEqualTo((int) (seconds * 2) - 2);
        assertThat(listeners.get(499).outbox.all(ServerMessage.Roster.class)).isNotEmpty();
    }

    private static List<ServerMessage.Roster> drainRosters(Client c) {
        synchronized (c.outbox) {
            List<ServerMessage.Roster> rosters = c.outbox.all(ServerMessage.Roster.class);
            c.outbox.received.clear();
            return rosters;
        }
    }
}
