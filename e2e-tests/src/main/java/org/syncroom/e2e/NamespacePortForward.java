package org.syncroom.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a TCP port on 127.0.0.1 of another network namespace reachable on the same port of this
 * JVM's 127.0.0.1: every connection accepted here is piped, through a bash of that namespace
 * ({@code /dev/tcp}), to the port there. Firefox's WebDriver BiDi listens on its own namespace's
 * loopback, where Playwright (in this one) cannot reach it; Chromium is driven over a pipe and
 * needs none of this.
 */
final class NamespacePortForward implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> namespacePrefix;
    private final List<Process> pipes = new ArrayList<>();

    private NamespacePortForward(ServerSocket server, List<String> namespacePrefix) {
        this.server = server;
        this.namespacePrefix = List.copyOf(namespacePrefix);
    }

    /**
     * Listens on a free port of this namespace's 127.0.0.1 and forwards it to the same port in
     * the namespace that {@code namespacePrefix} (e.g. {@code nsenter --net=… --}) enters.
     */
    static NamespacePortForward open(List<String> namespacePrefix) {
        try {
            ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            NamespacePortForward forward = new NamespacePortForward(server, namespacePrefix);
            Thread acceptor = new Thread(forward::acceptAll, "forward-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return forward;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port to forward", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                pipe(server.accept());
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("[forward " + port() + "] accept failed: " + e);
                }
                return;
            }
        }
    }

    private void pipe(Socket socket) throws IOException {
        List<String> command = new ArrayList<>(namespacePrefix);
        command.addAll(List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port() + " && { cat <&3 & exec cat >&3; }"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        synchronized (pipes) {
            pipes.add(process);
        }
        copy(socket.getInputStream(), process.getOutputStream(), socket, process);
        copy(process.getInputStream(), socket.getOutputStream(), socket, process);
    }

    /** Copies {@code from} to {@code to} on a thread of its own; at the end both sides are closed. */
    private void copy(InputStream from, OutputStream to, Socket socket, Process process) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (from; to) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side went away: the other is closed below
            } finally {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a socket that is already gone
                }
                process.destroy();
            }
        }, "forward-" + port() + "-copy");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        synchronized (pipes) {
            pipes.forEach(Process::destroy);
        }
    }
}
