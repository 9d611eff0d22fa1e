package org.syncroom.signaling;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import org.syncroom.signaling.clock.MonotonicServerClock;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.http.PublicUrl;
import org.syncroom.signaling.http.TrustedProxies;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.nat.NatConfig;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.room.InviteUrls;
import org.syncroom.signaling.room.Tokens;
import org.syncroom.signaling.room.TreeShape;
import org.syncroom.signaling.together.Globe;
import org.syncroom.signaling.together.Plays;
import org.syncroom.signaling.together.TogetherConfig;

/** Wires the server; tests swap the clock by overriding this module. */
public final class SignalingModule extends AbstractModule {
    private final ServerConfig config;

    public SignalingModule(ServerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(ServerConfig.class).toInstance(config);
        bind(Limits.class).toInstance(config.limits());
        bindConstant().annotatedWith(Names.named("maxListeners")).to(config.maxListeners());
        bind(TreeShape.class).toInstance(new TreeShape(config.hostFanout(), config.fanout()));
        bind(ServerClock.class).to(MonotonicServerClock.class).asEagerSingleton();
        bind(ProtocolCodec.class).asEagerSingleton();
        bind(Tokens.class).asEagerSingleton();
        bind(InviteUrls.class).to(PublicUrl.class);
        bind(TogetherConfig.class).toInstance(config.together());
        bind(Plays.class).to(Globe.class);
        bind(NatConfig.class).toInstance(config.nat());
        bind(java.time.Clock.class).toInstance(java.time.Clock.systemUTC());
        bind(TrustedProxies.class).toInstance(TrustedProxies.of(config.trustedProxies()));
    }
}
