package org.syncroom.shaper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The namespace tests need root and `ip`, `ethtool`, `nsenter`, `unshare` (./run-tests runs as root and installs them). */
final class NeedsRootAndTools {
    private NeedsRootAndTools() {
    }

    static void assume() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        for (String tool : new String[] {"ip", "ethtool", "nsenter", "unshare"}) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
                found |= Files.isExecutable(Path.of(dir, tool));
            }
            for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
                found |= Files.isExecutable(Path.of(dir, tool));
            }
            assumeTrue(found, tool + " is not installed (scripts/lib.sh ensure_system_packages installs it)");
        }
    }
}
