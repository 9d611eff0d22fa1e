package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.protocol.SignalData;
import org.syncroom.signaling.protocol.SpareOffer;
import org.syncroom.signaling.protocol.TrackTags;

class RoomServiceTest {
    private final ManualClock clock = new ManualClock();
    private final Limits limits = Limits.defaults().withMaxRooms(50);
    /** Plays the rooms made, as "trackKey @ address in roomId". */
    private final List<String> plays = new ArrayList<>();
    private final RoomRegistry registry = new RoomRegistry(new Tokens(), 3, limits, new TreeShape(4, 4),
            (serverTimeMs, trackKey, address, roomId) -> plays.add(trackKey + " @ " + address + " in " + roomId));
    private final RoomService service = new RoomService(registry, clock, new Tokens(),
            token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
    private int nextAddress;
    private static final TrackTags NO_TAGS = new TrackTags("", "");

    /** A well-formed host key: 32 bytes in unpadded base64url. */
    static final String HOST_KEY = "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK";

    private record Client(Peer peer, RecordingOutbox outbox) {}

    /** An outbox that hands every message to {@code onSend} and is never closed. */
    private static Outbox sending(java.util.function.Consumer<ServerMessage> onSend) {
        return new Outbox() {
            @Override
            public void send(ServerMessage message) {
                onSend.accept(message);
            }

            @Override
            public void close(org.syncroom.signaling.protocol.CloseReason reason) {
                throw new AssertionError("not closed in this test: " + reason);
            }
        };
    }

    private Client connect() {
        RecordingOutbox outbox = new RecordingOutbox();
        return new Client(service.connect("192.0.2." + (++nextAddress % 250), outbox), outbox);
    }

    private Client host() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        return host;
    }

    private String inviteOf(Client host) {
        String url = host.outbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        return url.substring(url.indexOf("invite=") + "invite=".length());
    }

    private Client listener(Client host) {
        Client listener = connect();
        service.handle(listener.peer, new ClientMessage.Join(inviteOf(host), true), clock.now);
        return listener;
    }

    private void announce(Client host) {
        service.handle(host.peer, new ClientMessage.AnnounceTrack("clicks", 30, 48_000, 2, 9_600, "pcm16", NO_TAGS, false), clock.now);
    }

    private void announceOnGlobe(Client host, boolean globe) {
        service.handle(host.peer, new ClientMessage.AnnounceTrack("Artist – Song", 210.4, 48_000, 2, 4_800, "pcm16",
                new TrackTags(" Artist ", "Song"), globe), clock.now);
    }

    private void play(Client host) {
        service.handle(host.peer, new ClientMessage.Play(0, clock.now + 800), clock.now);
    }

    private void hearing(Client listener, int trackSeq) {
        service.handle(listener.peer, new ClientMessage.Hearing(trackSeq), clock.now);
    }

    private static ErrorCode errorCode(Client client) {
        return client.outbox.last(ServerMessage.Failure.class).code();
    }

    @Test
    void everyConnectionIsGreetedWithAServerChosenIdentityAndServerTime() {
        Client a = connect();
        Client b = connect();
        ServerMessage.Welcome welcome = a.outbox.last(ServerMessage.Welcome.class);
        assertThat(welcome.peerId()).isEqualTo(a.peer.id()).isNotEqualTo(b.peer.id()).hasSizeGreaterThan(8);
        assertThat(welcome.serverTime()).isEqualTo(clock.now);
    }

    @Test
    void timeProbeEchoesClientTimeAndCarriesReceiveAndSendTimes() {
        Client a = connect();
        service.handle(a.peer, new ClientMessage.TimeRequest(42.5), 1234.25);
        ServerMessage.TimeResponse response = a.outbox.last(ServerMessage.TimeResponse.class);
        assertThat(response.t0()).isEqualTo(42.5);
        assertThat(response.t1()).isEqualTo(1234.25);
        assertThat(response.t2()).isEqualTo(clock.now);
    }

    @Test
    void creatingARoomReturnsUnguessableHostTokenAndInviteUrlOnThePublicUrl() {
        Client host = host();
        ServerMessage.RoomCreated created = host.outbox.last(ServerMessage.RoomCreated.class);
        assertThat(created.inviteUrl()).startsWith("https://room.test/?invite=");
        assertThat(inviteOf(host)).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(created.hostToken());
        assertThat(created.hostToken()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(host.outbox.last(ServerMessage.Joined.class).role()).isEqualTo(Role.HOST);
    }

    @Test
    void listenerJoiningThroughInviteIsAnnouncedToHostAndLearnsWhoHosts() {
        Client host = host();
        Client listener = listener(host);
        ServerMessage.Joined joined = listener.outbox.last(ServerMessage.Joined.class);
        assertThat(joined.role()).isEqualTo(Role.LISTENER);
        assertThat(joined.hostPeerId()).isEqualTo(host.peer.id());
        assertThat(host.outbox.last(ServerMessage.PeerJoined.class).peerId()).isEqualTo(listener.peer.id());
    }

    @Test
    void unknownInviteIsRefusedWithClearCode() {
        Client stranger = connect();
        service.handle(stranger.peer, new ClientMessage.Join("not-a-real-invite", true), clock.now);
        assertThat(errorCode(stranger)).isEqualTo(ErrorCode.UNKNOWN_INVITE);
    }

    @Test
    void signalIsRelayedWithTheSendersServerAssignedIdentity() {
        Client host = host();
        Client listener = listener(host);
        SignalData offer = new SignalData(JsonNodeFactory.instance.objectNode().put("sdp", "v=0"));
        service.handle(host.peer, new ClientMessage.Signal(listener.peer.id(), offer), clock.now);
        ServerMessage.Signal relayed = listener.outbox.last(ServerMessage.Signal.class);
        assertThat(relayed.from()).isEqualTo(host.peer.id());
        assertThat(relayed.data()).isEqualTo(offer);
    }

    @Test
    void signalToSomeoneOutsideTheRoomIsRefused() {
        Client host = host();
        Client otherRoomListener = listener(host());
        service.handle(host.peer, new ClientMessage.Signal(otherRoomListener.peer.id(),
                new SignalData(JsonNodeFactory.instance.objectNode())), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.UNKNOWN_PEER);
        assertThat(otherRoomListener.outbox.all(ServerMessage.Signal.class)).isEmpty();
    }

    @Test
    void playIsBroadcastToEveryoneAsPositionAtServerTime() {
        Client host = host();
        Client a = listener(host);
        Client b = listener(host);
        announce(host);
        service.handle(host.peer, new ClientMessage.Play(12.5, clock.now + 1500), clock.now);
        for (Client c : new Client[] {host, a, b}) {
            ServerMessage.Playback playback = c.outbox.last(ServerMessage.Playback.class);
            assertThat(playback.playback().playing()).isTrue();
            assertThat(playback.playback().position()).isEqualTo(12.5);
            assertThat(playback.playback().at()).isEqualTo(clock.now + 1500);
        }
    }

    @Test
    void listenerCannotControlPlayback() {
        Client host = host();
        Client listener = listener(host);
        announce(host);
        service.handle(listener.peer, new ClientMessage.Play(0, clock.now), clock.now);
        assertThat(errorCode(listener)).isEqualTo(ErrorCode.NOT_HOST);
        assertThat(host.outbox.last(ServerMessage.Playback.class).playback().playing()).isFalse();
    }

    @Test
    void lateJoinerReceivesTrackAndRunningPlaybackInItsJoinedMessage() {
        Client host = host();
        announce(host);
        service.handle(host.peer, new ClientMessage.Play(0, clock.now), clock.now);
        clock.now += 7_000;
        Client late = listener(host);
        ServerMessage.Joined joined = late.outbox.last(ServerMessage.Joined.class);
        assertThat(joined.track().title()).isEqualTo("clicks");
        assertThat(joined.playback().positionAt(clock.now)).isEqualTo(7.0);
    }

    @Test
    void seekKeepsPlayingStateAndPauseStopsIt() {
        Client host = host();
        announce(host);
        service.handle(host.peer, new ClientMessage.Play(0, clock.now), clock.now);
        service.handle(host.peer, new ClientMessage.Seek(20, clock.now + 100), clock.now);
        assertThat(host.outbox.last(ServerMessage.Playback.class).playback().playing()).isTrue();
        service.handle(host.peer, new ClientMessage.Pause(21, clock.now + 1100), clock.now);
        assertThat(host.outbox.last(ServerMessage.Playback.class).playback().playing()).isFalse();
        assertThat(host.outbox.all(ServerMessage.Playback.class)).extracting(m -> m.playback().version())
                .as("every change gets a newer version").containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void commandsBeforeATrackOrOutsideItOrFarFromServerTimeAreRefused() {
        Client host = host();
        service.handle(host.peer, new ClientMessage.Play(0, clock.now), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.NO_TRACK);
        announce(host);
        service.handle(host.peer, new ClientMessage.Play(31, clock.now), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_POSITION);
        service.handle(host.peer, new ClientMessage.Play(-1, clock.now), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_POSITION);
        service.handle(host.peer, new ClientMessage.Play(1, clock.now + 3_600_000), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_TIME);
    }

    @Test
    void implausibleTrackAnnouncementIsRefused() {
        Client host = host();
        service.handle(host.peer, new ClientMessage.AnnounceTrack("x", 30, 1, 2, 9_600, "pcm16", NO_TAGS, false), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(host.outbox.all(ServerMessage.Track.class)).isEmpty();
    }

    @Test
    void listenersNextInLineToTakeOverARelayKeepAFanoutOfSparesUntilTheyFeedSomeone() {
        // Host fanout 2, fanout 3, up to 10 listeners.
        RoomService rooms = new RoomService(new RoomRegistry(new Tokens(), 10, limits, new TreeShape(2, 3), (t, k, a, r) -> { }),
                clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
        RecordingOutbox hostOutbox = new RecordingOutbox();
        rooms.handle(rooms.connect("192.0.2.201", hostOutbox), new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        String url = hostOutbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        String invite = url.substring(url.indexOf("invite=") + "invite=".length());
        List<RecordingOutbox> outboxes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingOutbox outbox = new RecordingOutbox();
            rooms.handle(rooms.connect("192.0.2." + (210 + i), outbox), new ClientMessage.Join(invite, true), clock.now);
            outboxes.add(outbox);
        }
        // Two listeners under the host, the third under the first: the first feeds someone now.
        assertThat(outboxes.get(0).all(ServerMessage.Spares.class)).extracting(ServerMessage.Spares::count)
                .as("next in line while a leaf, then no longer").containsExactly(3, 1);
        assertThat(outboxes.get(1).last(ServerMessage.Spares.class).count()).isEqualTo(3);
        assertThat(outboxes.get(2).last(ServerMessage.Spares.class).count()).isEqualTo(3);
        assertThat(hostOutbox.all(ServerMessage.Spares.class)).isEmpty();
    }

    /** The peers a member was told to keep a standby link to and not told to end it since. */
    private static List<String> openStandbyFeeds(Client member) {
        List<String> open = new ArrayList<>();
        for (ServerMessage m : member.outbox.received) {
            if (m instanceof ServerMessage.StandbyFeed feed) {
                open.add(feed.peerId());
            } else if (m instanceof ServerMessage.StandbyEnd end) {
                open.remove(end.peerId());
            }
        }
        return open;
    }

    private static SpareOffer spare(String id) {
        return new SpareOffer(id, new SignalData(JsonNodeFactory.instance.objectNode()
                .put("type", "offer").put("sdp", "v=0 " + id)));
    }

    @Test
    void aSpareOfferOfTheParentGoesToTheListenerWithItsOrdersOnceAndTheParentHearsWhichOne() {
        Client host = host();
        service.handle(host.peer, new ClientMessage.SpareOffers(List.of(spare("s1"), spare("s2"))), clock.now);
        Client first = listener(host);
        assertThat(first.outbox.last(ServerMessage.Upstream.class).offer().id()).isEqualTo("s1");
        assertThat(host.outbox.last(ServerMessage.Feed.class)).isEqualTo(new ServerMessage.Feed(first.peer.id(), "s1"));
        // The host names s1 again before it heard of the hand-out: it is not handed out twice.
        service.handle(host.peer, new ClientMessage.SpareOffers(List.of(spare("s1"), spare("s2"))), clock.now);
        Client second = listener(host);
        assertThat(second.outbox.last(ServerMessage.Upstream.class).offer().id()).isEqualTo("s2");
        Client third = listener(host);
        assertThat(third.outbox.all(ServerMessage.Upstream.class)).as("no offer left: joined names the parent").isEmpty();
        assertThat(host.outbox.last(ServerMessage.Feed.class)).isEqualTo(new ServerMessage.Feed(third.peer.id(), null));
    }

    @Test
    void orphansOfADepartingRelayGetTheSubstitutesSpareOffersWithTheirOrders() {
        // Host fanout 1, fanout 2: a under the host; b and c under a; d under b (the deepest leaf).
        RoomService rooms = new RoomService(new RoomRegistry(new Tokens(), 10, limits, new TreeShape(1, 2), (t, k, x, r) -> { }),
                clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
        RecordingOutbox hostOutbox = new RecordingOutbox();
        rooms.handle(rooms.connect("192.0.2.201", hostOutbox), new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        String url = hostOutbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        String invite = url.substring(url.indexOf("invite=") + "invite=".length());
        List<Client> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingOutbox outbox = new RecordingOutbox();
            Peer peer = rooms.connect("192.0.2." + (210 + i), outbox);
            rooms.handle(peer, new ClientMessage.Join(invite, true), clock.now);
            members.add(new Client(peer, outbox));
        }
        Client a = members.get(0);
        Client b = members.get(1);
        Client c = members.get(2);
        Client d = members.get(3);
        assertThat(d.outbox.last(ServerMessage.Joined.class).upstreamPeerId()).isEqualTo(b.peer.id());
        rooms.handle(d.peer, new ClientMessage.SpareOffers(List.of(spare("x"), spare("y"))), clock.now);
        rooms.disconnect(a.peer);
        // d takes a's place and adopts b and c, each with one of d's offers.
        for (Client orphan : List.of(b, c)) {
            ServerMessage.Upstream orders = orphan.outbox.last(ServerMessage.Upstream.class);
            assertThat(orders.peerId()).isEqualTo(d.peer.id());
            assertThat(orders.offer()).isNotNull();
            assertThat(d.outbox.all(ServerMessage.Feed.class))
                    .contains(new ServerMessage.Feed(orphan.peer.id(), orders.offer().id()));
        }
        assertThat(List.of(b, c)).extracting(o -> o.outbox.last(ServerMessage.Upstream.class).offer().id())
                .containsExactlyInAnyOrder("x", "y");
        assertThat(b.outbox.last(ServerMessage.Upstream.class).offer().description().toString()).contains("v=0 ");
    }

    @Test
    void aRelaysUnderstudyHoldsStandbyLinksToItsChildrenAndTakesThemOverWithoutNewOffers() {
        // Host fanout 1, fanout 2: a under the host; b and c under a; d and e under b; f under c.
        RoomService rooms = new RoomService(new RoomRegistry(new Tokens(), 10, limits, new TreeShape(1, 2), (t, k, x, r) -> { }),
                clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
        RecordingOutbox hostOutbox = new RecordingOutbox();
        rooms.handle(rooms.connect("192.0.2.201", hostOutbox), new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        String url = hostOutbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        String invite = url.substring(url.indexOf("invite=") + "invite=".length());
        java.util.Map<String, Client> byId = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            RecordingOutbox outbox = new RecordingOutbox();
            Peer peer = rooms.connect("192.0.2." + (210 + i), outbox);
            rooms.handle(peer, new ClientMessage.Join(invite, true), clock.now);
            byId.put(peer.id(), new Client(peer, outbox));
        }
        // Exactly one of b and c can be understudied here (the other's only fitting leaves are
        // the first one's children); find it from what the server told the pages.
        Client understudy = byId.values().stream()
                .filter(m -> !openStandbyFeeds(m).isEmpty()).findFirst().orElseThrow();
        List<String> standbyChildren = openStandbyFeeds(understudy);
        for (String childId : standbyChildren) {
            assertThat(byId.get(childId).outbox.all(ServerMessage.StandbyUpstream.class))
                    .contains(new ServerMessage.StandbyUpstream(understudy.peer.id()));
        }
        Client relay = byId.values().stream()
                .filter(m -> m.outbox.all(ServerMessage.Feed.class).stream().map(ServerMessage.Feed::peerId)
                        .toList().containsAll(standbyChildren))
                .findFirst().orElseThrow();

        java.util.Map<String, Integer> seenBefore = new java.util.HashMap<>();
        byId.forEach((id, m) -> seenBefore.put(id, m.outbox.received.size()));
        rooms.disconnect(relay.peer);

        for (String childId : standbyChildren) {
            assertThat(byId.get(childId).outbox.last(ServerMessage.Upstream.class))
                    .isEqualTo(new ServerMessage.Upstream(understudy.peer.id(), null));
            assertThat(understudy.outbox.all(ServerMessage.Feed.class)).contains(new ServerMessage.Feed(childId, null));
            List<ServerMessage> since = byId.get(childId).outbox.received
                    .subList(seenBefore.get(childId), byId.get(childId).outbox.received.size());
            assertThat(since).as("the standby link became the real one: it is not ended")
                    .doesNotContain(new ServerMessage.StandbyEnd(understudy.peer.id()));
        }
    }

    @Test
    void spareOffersFromAListenerThatMayNotRelayAreNeverHandedOut() {
        Client host = host();
        Client leaf = connect();
        service.handle(leaf.peer, new ClientMessage.Join(inviteOf(host), false), clock.now);
        service.handle(leaf.peer, new ClientMessage.SpareOffers(List.of(spare("x"))), clock.now);
        assertThat(leaf.outbox.all(ServerMessage.Failure.class)).isEmpty();
        for (int i = 0; i < 5; i++) {
            Client other = listener(host);
            assertThat(other.outbox.all(ServerMessage.Upstream.class)).allMatch(orders -> orders.offer() == null);
        }
    }

    @Test
    void aListenerLeavingIsToldToTheHostAndToNoOtherListener() {
        Client host = host();
        Client stays = listener(host);
        Client leaves = listener(host);
        service.disconnect(leaves.peer);
        assertThat(host.outbox.last(ServerMessage.PeerLeft.class).peerId()).isEqualTo(leaves.peer.id());
        assertThat(stays.outbox.all(ServerMessage.PeerLeft.class)).isEmpty();
    }

    @Test
    void hostDroppingIsAnnouncedAndHostTokenReclaimsTheRoomWithItsState() {
        Client host = host();
        String hostToken = host.outbox.last(ServerMessage.RoomCreated.class).hostToken();
        Client listener = listener(host);
        announce(host);
        service.disconnect(host.peer);
        assertThat(listener.outbox.last(ServerMessage.PeerLeft.class).role()).isEqualTo(Role.HOST);

        Client back = connect();
        service.handle(back.peer, new ClientMessage.ResumeHost(hostToken, HOST_KEY), clock.now);
        ServerMessage.Joined joined = back.outbox.last(ServerMessage.Joined.class);
        assertThat(joined.role()).isEqualTo(Role.HOST);
        assertThat(joined.listeners()).containsExactly(listener.peer.id());
        assertThat(joined.track().title()).isEqualTo("clicks");
        assertThat(listener.outbox.last(ServerMessage.PeerJoined.class).peerId()).isEqualTo(back.peer.id());
    }

    @Test
    void aResumedHostIsGivenTheSameInviteUrlAsWhenItCreatedTheRoom() {
        Client host = host();
        ServerMessage.RoomCreated created = host.outbox.last(ServerMessage.RoomCreated.class);
        assertThat(host.outbox.last(ServerMessage.Joined.class).inviteUrl()).isEqualTo(created.inviteUrl());
        Client listener = listener(host);
        assertThat(listener.outbox.last(ServerMessage.Joined.class).inviteUrl()).as("a listener's joined").isNull();
        service.disconnect(host.peer);

        Client back = connect();
        service.handle(back.peer, new ClientMessage.ResumeHost(created.hostToken(), HOST_KEY), clock.now);
        assertThat(back.outbox.last(ServerMessage.Joined.class).inviteUrl())
                .isEqualTo(created.inviteUrl()).startsWith("https://room.test/?invite=");
    }

    @Test
    void roomRefusesListenersBeyondItsCapacity() {
        Client host = host();
        listener(host);
        listener(host);
        listener(host);
        Client fourth = listener(host);
        assertThat(errorCode(fourth)).isEqualTo(ErrorCode.ROOM_FULL);
    }

    @Test
    void aConnectionCannotJoinTwoRooms() {
        Client host = host();
        service.handle(host.peer, new ClientMessage.Join(inviteOf(host()), true), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.ALREADY_IN_ROOM);
    }

    @Test
    void roomsNobodyIsInAreForgottenOnceEmptyLongerThanTheGracePeriod() {
        Client host = host();
        String invite = inviteOf(host);
        double emptiedAt = clock.now + 5_000;
        clock.now = emptiedAt;
        service.disconnect(host.peer);
        assertThat(registry.removeAbandoned(emptiedAt - 1)).isZero();
        assertThat(registry.byInvite(invite)).isPresent();
        assertThat(registry.removeAbandoned(emptiedAt + 1)).isEqualTo(1);
        Client late = connect();
        service.handle(late.peer, new ClientMessage.Join(invite, true), clock.now);
        assertThat(errorCode(late)).isEqualTo(ErrorCode.UNKNOWN_INVITE);
    }

    @Test
    void aMemberLeavingOrFailingInTheMiddleOfABroadcastDoesNotStopItOrTouchTheHost() {
        Client host = host();
        Client before = listener(host);
        List<Peer> leaver = new ArrayList<>();
        Outbox leavesOnPlayback = sending(message -> {
            if (message instanceof ServerMessage.Playback) {
                service.disconnect(leaver.get(0));
            }
        });
        leaver.add(service.connect("192.0.2.200", leavesOnPlayback));
        service.handle(leaver.get(0), new ClientMessage.Join(inviteOf(host), true), clock.now);
        Peer thrower = service.connect("192.0.2.201", sending(message -> {
            if (message instanceof ServerMessage.Playback) {
                throw new IllegalStateException("outbox broke");
            }
        }));
        service.handle(thrower, new ClientMessage.Join(inviteOf(host), true), clock.now);
        announce(host);
        int playbacksBefore = host.outbox.all(ServerMessage.Playback.class).size();

        service.handle(host.peer, new ClientMessage.Play(1, clock.now + 100), clock.now);
        service.handle(host.peer, new ClientMessage.Seek(5, clock.now + 200), clock.now);

        assertThat(host.outbox.all(ServerMessage.Playback.class)).hasSize(playbacksBefore + 2);
        assertThat(host.outbox.all(ServerMessage.Failure.class)).isEmpty();
        assertThat(before.outbox.last(ServerMessage.Playback.class).playback().position()).isEqualTo(5);
        assertThat(host.outbox.last(ServerMessage.PeerLeft.class).peerId()).isEqualTo(leaver.get(0).id());
    }

    @Test
    void oneAddressCreatingRoomsFastIsToldToWaitAndOthersAreNot() {
        List<ErrorCode> refusals = new ArrayList<>();
        for (int i = 0; i < limits.roomBurstPerAddress() + 5; i++) {
            RecordingOutbox outbox = new RecordingOutbox();
            Peer peer = service.connect("198.51.100.7", outbox);
            service.handle(peer, new ClientMessage.CreateRoom(HOST_KEY), clock.now);
            outbox.all(ServerMessage.Failure.class).forEach(f -> refusals.add(f.code()));
        }
        assertThat(refusals).hasSize(5).containsOnly(ErrorCode.RATE_LIMITED);
        assertThat(host().outbox.all(ServerMessage.RoomCreated.class)).hasSize(1);
        clock.now += 60_000;
        RecordingOutbox later = new RecordingOutbox();
        service.handle(service.connect("198.51.100.7", later), new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        assertThat(later.all(ServerMessage.RoomCreated.class)).as("the budget refills").hasSize(1);
    }

    @Test
    void theServerRefusesRoomsBeyondItsRoomCap() {
        for (int i = 0; i < limits.maxRooms(); i++) {
            host();
        }
        Client one = connect();
        service.handle(one.peer, new ClientMessage.CreateRoom(HOST_KEY), clock.now);
        assertThat(errorCode(one)).isEqualTo(ErrorCode.SERVER_FULL);
    }

    @Test
    void aListenerLearnsTheHostKeyAndItsUpstreamAndItsParentIsToldToFeedIt() {
        Client host = host();
        Client listener = listener(host);
        ServerMessage.Joined joined = listener.outbox.last(ServerMessage.Joined.class);
        assertThat(joined.hostKey()).isEqualTo(HOST_KEY);
        assertThat(joined.upstreamPeerId()).isEqualTo(host.peer.id());
        assertThat(host.outbox.last(ServerMessage.Feed.class).peerId()).isEqualTo(listener.peer.id());
    }

    @Test
    void aHostBackOnANewConnectionIsFollowedByItsChildrenWithItsNewKey() throws Exception {
        Client host = host();
        String hostToken = host.outbox.last(ServerMessage.RoomCreated.class).hostToken();
        Client listener = listener(host);
        service.disconnect(host.peer);
        Client back = connect();
        String newKey = "N".repeat(43);
        service.handle(back.peer, new ClientMessage.ResumeHost(hostToken, newKey), clock.now);
        assertThat(listener.outbox.last(ServerMessage.PeerJoined.class).hostKey()).isEqualTo(newKey);
        assertThat(listener.outbox.last(ServerMessage.Upstream.class).peerId()).isEqualTo(back.peer.id());
        assertThat(back.outbox.last(ServerMessage.Joined.class).feed()).containsExactly(listener.peer.id());
    }

    @Test
    void aHostKeyThatIsNotARawEd25519KeyIsRefused() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom("not a key"), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void aReportAboutAPeerThatIsNotTheReportersParentChangesNothing() {
        Client host = host();
        Client listener = listener(host);
        Client other = listener(host);
        int before = host.outbox.all(ServerMessage.class).size();
        service.handle(listener.peer, new ClientMessage.Report("starving", other.peer.id()), clock.now);
        assertThat(host.outbox.all(ServerMessage.class)).hasSize(before);
        assertThat(listener.outbox.all(ServerMessage.Failure.class)).isEmpty();
        service.handle(listener.peer, new ClientMessage.Report("bored", host.peer.id()), clock.now);
        assertThat(errorCode(listener)).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void aListenerWhoseSocketClosesIsNotCutOffFromItsParent() {
        Client host = host();
        Client listener = listener(host);
        service.disconnect(listener.peer);
        assertThat(host.outbox.all(ServerMessage.Unfeed.class)).as("its page may still be playing over the link").isEmpty();
    }

    @Test
    void aListenerHearingATrackOfARoomOnTheGlobeMakesOnePlayWithTheTrackKeyAndItsAddress() {
        Client host = host();
        Client listener = listener(host);
        announceOnGlobe(host, true);
        assertThat(host.outbox.last(ServerMessage.Track.class).track().globe()).isTrue();
        play(host);
        hearing(listener, 1);
        hearing(listener, 1);
        String roomId = host.outbox.last(ServerMessage.RoomCreated.class).roomId();
        assertThat(plays).containsExactly("Artist - Song (3:30) @ " + listener.peer.address() + " in " + roomId);
    }

    @Test
    void aRoomThatIsNotOnTheGlobeMakesNoPlaysAndItsTrackSaysSo() {
        Client host = host();
        Client listener = listener(host);
        announceOnGlobe(host, false);
        assertThat(listener.outbox.last(ServerMessage.Track.class).track().globe()).isFalse();
        play(host);
        hearing(listener, 1);
        assertThat(plays).isEmpty();
        assertThat(listener.outbox.all(ServerMessage.Failure.class)).isEmpty();
    }

    @Test
    void aResumeOrANewTrackCountsAgainButASeekOrAStaleTrackDoesNot() {
        Client host = host();
        Client listener = listener(host);
        announceOnGlobe(host, true);
        play(host);
        hearing(listener, 1);
        service.handle(host.peer, new ClientMessage.Seek(20, clock.now + 800), clock.now);
        hearing(listener, 1);
        assertThat(plays).hasSize(1);
        service.handle(host.peer, new ClientMessage.Pause(20, clock.now + 200), clock.now);
        hearing(listener, 1);
        assertThat(plays).as("nothing plays while paused").hasSize(1);
        play(host);
        hearing(listener, 1);
        assertThat(plays).as("a resume").hasSize(2);
        announceOnGlobe(host, true);
        play(host);
        hearing(listener, 1);
        assertThat(plays).as("the old track").hasSize(2);
        hearing(listener, 2);
        assertThat(plays).as("the new track").hasSize(3);
    }

    @Test
    void aHostTogglingPlayCannotMakeAListenerCountMoreThanItsBudget() {
        Client host = host();
        Client listener = listener(host);
        announceOnGlobe(host, true);
        for (int i = 0; i < 20; i++) {
            play(host);
            hearing(listener, 1);
            service.handle(host.peer, new ClientMessage.Pause(0, clock.now + 200), clock.now);
        }
        assertThat(plays).hasSize(PlayGate.BURST);
        clock.now += PlayGate.REFILL_SEC * 1000;
        play(host);
        hearing(listener, 1);
        assertThat(plays).hasSize(PlayGate.BURST + 1);
    }

    @Test
    void hearingFromTheHostOrOutsideARoomOrOfNoTrackIsRefused() {
        Client host = host();
        announceOnGlobe(host, true);
        play(host);
        hearing(host, 1);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
        Client stranger = connect();
        hearing(stranger, 1);
        assertThat(errorCode(stranger)).isEqualTo(ErrorCode.NOT_IN_ROOM);
        Client listener = listener(host);
        hearing(listener, 0);
        assertThat(errorCode(listener)).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(plays).isEmpty();
    }

    @Test
    void overlongTagsAreRefused() {
        Client host = host();
        service.handle(host.peer, new ClientMessage.AnnounceTrack("t", 30, 48_000, 2, 4_800, "pcm16",
                new TrackTags("a".repeat(201), ""), true), clock.now);
        assertThat(errorCode(host)).isEqualTo(ErrorCode.BAD_MESSAGE);
    }
}
