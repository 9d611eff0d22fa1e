package org.syncroom.shaper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the shaper needs and Java lacks (JNA direct mapping): packet sockets
 * (packet(7)) and moving a thread into another network namespace (setns(2)). Linux x86-64 only;
 * the constants are that ABI's.
 */
final class LibC {
    static {
        Native.register("c");
    }

    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    /** ETH_P_ALL (every protocol, ARP included) in network byte order, as socket(2) and sockaddr_ll want it. */
    static final int ETH_P_ALL_NETWORK_ORDER = 0x0300;

    static final int SOL_SOCKET = 1;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_PACKET = 263;
    /** packet(7): do not hand this socket the frames the host itself sends on the interface. */
    static final int PACKET_IGNORE_OUTGOING = 23;

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENETDOWN = 100;

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer address, int addressLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int valueLength) throws LastErrorException;

    static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    static native long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int if_nametoindex(String name) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int namespaceType) throws LastErrorException;
}
