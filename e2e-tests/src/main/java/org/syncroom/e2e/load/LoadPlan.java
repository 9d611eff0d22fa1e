package org.syncroom.e2e.load;

/**
 * How a run's sockets are split. For the default 2,000: 100 slow readers (two in each of 50
 * rooms, fed by one pusher there), 10 flooders, 10 sprayers of malformed frames, 20 churners
 * that drop their connection abruptly, and the rest well-behaved rooms of a host and nine
 * listeners.
 */
record LoadPlan(int sockets, int slowReaders, int slowReadersPerRoom, int flooders, int sprayers, int churners,
                int roomSize) {

    static LoadPlan of(int sockets) {
        int slow = Math.max(2, sockets / 20);
        return new LoadPlan(sockets, slow - slow % 2, 2, Math.max(1, sockets / 200), Math.max(1, sockets / 200),
                Math.max(1, sockets / 100), 10);
    }

    int attackRooms() {
        return slowReaders / slowReadersPerRoom;
    }

    /** One pusher per attacked room; the remainder are hosts and listeners. */
    int wellBehaved() {
        return sockets - slowReaders - attackRooms() - flooders - sprayers - churners;
    }

    int rooms() {
        return Math.max(attackRooms(), wellBehaved() / roomSize);
    }
}
