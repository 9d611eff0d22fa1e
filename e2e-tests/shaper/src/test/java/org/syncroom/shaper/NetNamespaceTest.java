package org.syncroom.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetNamespaceTest {
    @BeforeAll
    static void needsRoot() {
        NeedsRootAndTools.assume();
    }

    @Test
    void aNamespaceDisappearsWhenClosed() throws Exception {
        NetNamespace namespace = NetNamespace.create("short-lived");
        Path handle = Path.of("/proc/" + namespace.pid() + "/ns/net");
        assertThat(Files.exists(handle)).isTrue();
        assertThat(namespace.run("ip", "-o", "link")).contains("lo:").doesNotContain("eth");

        namespace.close();

        assertThat(Files.exists(handle)).isFalse();
    }

    @Test
    void aHubIsRefusedWhereTheNamespaceHasInterfacesOfItsOwn() {
        // current() judges the calling thread's namespace: moved into a fresh one, it has only loopback.
        try (NetNamespace fresh = NetNamespace.create("judged")) {
            assertThat(fresh.call(() -> NetNamespace.current("hub")).commandPrefix()).isEmpty();
            fresh.run("ip", "link", "add", "other0", "type", "veth", "peer", "name", "other1");
            assertThatThrownBy(() -> fresh.call(() -> NetNamespace.current("hub")))
                    .hasMessageContaining("other0").hasMessageContaining("unshare --net");
        }
    }
}
