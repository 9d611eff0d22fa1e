package org.syncroom.signaling.room;

/** Builds the link a host shares; the only source of invite URLs is the server's public URL. */
public interface InviteUrls {
    String forInvite(String inviteToken);
}
