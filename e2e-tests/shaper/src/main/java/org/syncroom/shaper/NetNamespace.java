package org.syncroom.shaper;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A network namespace: either a new one, held open by a child process (`unshare --net` running
 * `cat` on a pipe from this JVM, so it disappears with its interfaces when this JVM exits, even
 * when killed), or the one this JVM runs in. Commands run in it through `nsenter`; Java sockets
 * are opened in it with {@link #call}, on a thread moved there with setns(2).
 */
public final class NetNamespace implements AutoCloseable {
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private final String name;
    private final Process holder;
    private final long pid;

    private NetNamespace(String name, Process holder, long pid) {
        this.name = name;
        this.holder = holder;
        this.pid = pid;
    }

    /**
     * A new namespace with loopback up and IPv6 off (the shaped networks are ARP + IPv4 only, so no
     * router solicitations or duplicate-address probes cross a shaped link). Needs root.
     */
    public static NetNamespace create(String name) {
        String script = "ip link set lo up"
                + " && { [ ! -d /proc/sys/net/ipv6 ] || { echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"
                + " && echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; }; }"
                + " && echo ready && exec cat > /dev/null";
        Process holder;
        try {
            holder = new ProcessBuilder("unshare", "--net", "--", "sh", "-c", script)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("network namespace " + name + ": cannot start unshare", e);
        }
        String line;
        try {
            line = new String(holder.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            holder.destroyForcibly();
            throw new UncheckedIOException("network namespace " + name + ": no answer from unshare", e);
        }
        if (!line.equals("ready\n")) {
            holder.destroyForcibly();
            throw new IllegalStateException("network namespace " + name + ": unshare --net failed (root needed?)");
        }
        return new NetNamespace(name, holder, holder.pid());
    }

    /**
     * The namespace this JVM runs in, for a hub that must be where the JVM's own servers listen.
     * Refused if it has an interface besides loopback and those of shaped networks (sr-e*): then it
     * is likely the machine's own, and a test adds interfaces and turns on forwarding, which belong in
     * a namespace of its own (`unshare --net`, scripts/lib.sh in_netns).
     */
    public static NetNamespace current(String name) {
        List<String> others;
        try {
            others = Files.readAllLines(Path.of("/proc/thread-self/net/dev")).stream()
                    .skip(2) // two header lines
                    .map(line -> line.substring(0, line.indexOf(':')).trim())
                    .filter(iface -> !iface.equals("lo") && !iface.startsWith(ShapedNetwork.HUB_INTERFACE_PREFIX))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("network namespace " + name + ": cannot list this JVM's interfaces", e);
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("network namespace " + name + ": this JVM's namespace has interfaces "
                    + others + ", so it may be the machine's own; run it inside `unshare --net` (scripts/lib.sh in_netns)");
        }
        return new NetNamespace(name, null, ProcessHandle.current().pid());
    }

    public String name() {
        return name;
    }

    /** A process id whose network namespace this is (for `ip link set … netns PID`, `nsenter -t PID -n`). */
    public long pid() {
        return pid;
    }

    /** What to put before a command to run it in this namespace (empty for the JVM's own). */
    public List<String> commandPrefix() {
        return holder == null ? List.of() : List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "--");
    }

    /** Runs a command in this namespace and returns its output; throws with its output if it fails. */
    public String run(String... command) {
        List<String> full = new ArrayList<>(commandPrefix());
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("in " + name + ": `" + String.join(" ", command) + "` took over "
                        + COMMAND_TIMEOUT_MS + " ms");
            }
            String text = new String(output.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("in " + name + ": `" + String.join(" ", command) + "` exited "
                        + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("in " + name + ": cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("in " + name + ": interrupted running " + command[0], e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("in " + name + ": cannot read the output of " + command[0], e);
        }
    }

    /**
     * Runs {@code task} on a fresh thread inside this namespace and returns its result: sockets it
     * opens (a {@code DatagramChannel}, a {@code ServerSocket}, a {@link PacketSocket}) belong to this
     * namespace and may be used from any thread afterwards.
     */
    public <T> T call(Callable<T> task) {
        if (holder == null) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("in " + name + ": " + e, e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                enter();
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "netns-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("in " + name + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("in " + name + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("in " + name + ": task took over " + COMMAND_TIMEOUT_MS + " ms", e);
        }
    }

    /** Moves the calling thread (only it: setns(2) is per thread) into this namespace. */
    private void enter() {
        int fd = LibC.open("/proc/" + pid + "/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            LibC.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("setns into " + name + ": errno " + e.getErrorCode(), e);
        } finally {
            LibC.close(fd);
        }
    }

    /** Ends a namespace this made (its interfaces go with it); the JVM's own is left alone. */
    @Override
    public void close() {
        if (holder == null) {
            return;
        }
        holder.destroy();
        try {
            if (!holder.waitFor(2, TimeUnit.SECONDS)) {
                holder.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + (holder == null ? " (this JVM's)" : " (pid " + pid + ")");
    }
}
