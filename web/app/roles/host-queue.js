// Plays the host's queue (room/queue.js): loads the entry the person picks, or the next one when
// a track ends, starts it once it streams, skips files the browser cannot decode, and reads each
// file's tags (one file at a time, so a queue of hundreds does not read them all at once). No
// DOM: the queue view calls these methods.

import { readQueueTags } from '../media/tags.js';
import { QueueEvent } from '../room/queue.js';
import { SessionEvent } from '../room/session.js';
import { HostEvent } from './host.js';

/** How often the end of the current track is looked for (ms). */
const END_CHECK_MS = 200;

export class HostQueue {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   host: import('./host.js').HostRole,
   *   problems: import('../problems.js').Problems,
   *   tagsOf?: (file: Blob) => Promise<{title: string, artist: string, cover: Blob | null, note: string}>,
   *   endCheckMs?: number}} deps
   * `endCheckMs` 0: no timer (tests call checkEnd()).
   */
  constructor({ session, host, problems, tagsOf = (file) => readQueueTags(file, problems), endCheckMs = END_CHECK_MS }) {
    this.session = session;
    this.queue = session.queue;
    this.host = host;
    this.tagsOf = tagsOf;
    /** play the loaded track as soon as it streams (set by next, previous and playing an entry) */
    this.playWhenReady = false;
    /** the track this page last saw end, so one end advances once */
    this.endedTrackSeq = -1;
    this.readingTags = false;
    host.addEventListener(HostEvent.READY, () => {
      if (!this.playWhenReady) return;
      this.playWhenReady = false;
      host.play();
    });
    this.queue.addEventListener(QueueEvent.CHANGED, () => this.readNextTags());
    if (endCheckMs > 0) setInterval(() => this.checkEnd(), endCheckMs);
    session.addEventListener(SessionEvent.TRACK, () => this.checkEnd());
  }

  /** Adds files; the first of an idle queue is loaded, ready for Play. @param {Iterable<File>} files */
  add(files) {
    const result = this.queue.add(files);
    if (this.queue.current === null && result.added.length > 0) this.load(result.added[0].id, false);
    return result;
  }

  /** Loads entry `id` and, when `play`, starts it once it streams. @param {number} id @param {boolean} play */
  async load(id, play) {
    const entry = this.queue.get(id);
    if (!entry) return false;
    this.queue.select(id);
    this.playWhenReady = play;
    const ok = await this.host.load(/** @type {File} */ (entry.file));
    if (ok) return true;
    this.queue.markFailed(id, 'This browser cannot decode this file; it is skipped.');
    // The room keeps going: the next playable entry takes its place.
    const next = this.queue.after();
    return next ? this.load(next.id, play) : false;
  }

  next() {
    const entry = this.queue.after();
    return entry ? this.load(entry.id, true) : Promise.resolve(false);
  }

  previous() {
    const entry = this.queue.before();
    return entry ? this.load(entry.id, true) : Promise.resolve(false);
  }

  /** When the playing track has reached its end, the next entry plays. */
  checkEnd() {
    const { track } = this.session;
    if (!track || !this.session.playing || track.trackSeq === this.endedTrackSeq) return;
    const position = this.session.positionNow();
    if (position === null || position < track.durationSec) return;
    this.endedTrackSeq = track.trackSeq;
    if (this.queue.after()) this.next();
  }

  /** Reads the tags of the first entry that has not been read yet, then the next. */
  async readNextTags() {
    if (this.readingTags) return;
    const entry = this.queue.entries.find((e) => !e.tagsRead);
    if (!entry) return;
    this.readingTags = true;
    entry.tagsRead = true;
    try {
      this.queue.setTags(entry.id, await this.tagsOf(entry.file));
    } finally {
      this.readingTags = false;
    }
    this.readNextTags();
  }
}
