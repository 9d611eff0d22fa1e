// Reads the artist and title tags of the file the host picked, for the track's key on the public
// globe and the title the room shows. The reader is music-metadata (npm), bundled at build time
// by esbuild into /vendor/music-metadata.js (web/vendor/, web/pom.xml) and loaded only when a
// file is picked. A file without tags, or a page without the reader (node tests), gets empty
// tags: the room then goes by the file name.

import { appUrl } from '../app-url.js';

/** @typedef {import('../protocol.js').TrackTags} TrackTags */

const READER_URL = appUrl('vendor/music-metadata.js');

/** @type {TrackTags} */
export const NO_TAGS = Object.freeze({ artist: '', title: '' });

/**
 * @param {Blob} file
 * @param {import('../problems.js').Problems} problems
 * @returns {Promise<TrackTags>}
 */
export async function readTags(file, problems) {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return NO_TAGS;
  try {
    const { parseBlob } = await import(READER_URL);
    const { common } = await parseBlob(file, { duration: false, skipCovers: true });
    return { artist: tagText(common.artist), title: tagText(common.title) };
  } catch (e) {
    problems.report('tags-unreadable', e);
    return NO_TAGS;
  }
}

/** The largest cover picture shown (bytes); a larger one is left out with a note. */
export const MAX_COVER_BYTES = 2 * 1024 * 1024;
/** Picture types a cover may have; anything else is not shown. */
const COVER_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/**
 * Title, artist and cover for the queue and the now-playing view. Never throws: a file whose
 * tags cannot be read gets empty ones and a note saying so.
 * @param {Blob} file
 * @param {import('../problems.js').Problems} problems
 * @param {() => Promise<{parseBlob: Function}>} [loadReader] the bundled music-metadata (tests pass the npm one)
 * @returns {Promise<{title: string, artist: string, cover: Blob | null, note: string}>}
 */
export async function readQueueTags(file, problems, loadReader = () => import(READER_URL)) {
  const none = { title: '', artist: '', cover: null, note: '' };
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return none;
  try {
    const { parseBlob } = await loadReader();
    const { common } = await parseBlob(file, { duration: false, skipCovers: false });
    const picture = common.picture?.[0];
    let cover = null;
    let note = '';
    if (picture && picture.data.byteLength > MAX_COVER_BYTES) {
      note = `Cover not shown: ${(picture.data.byteLength / 1e6).toFixed(1)} MB is over the ${MAX_COVER_BYTES / 1024 / 1024} MB limit.`;
      problems.report('cover-too-large', new Error(note));
    } else if (picture && COVER_TYPES.has(String(picture.format).toLowerCase())) {
      cover = new Blob([picture.data], { type: String(picture.format).toLowerCase() });
    }
    return { title: tagText(common.title), artist: tagText(common.artist), cover, note };
  } catch (e) {
    problems.report('tags-unreadable', e);
    return { ...none, note: 'Its tags could not be read; shown by file name.' };
  }
}

/** What the room shows: "Artist – Title" from the tags, else the file name. */
export function displayTitle(tags, fileName) {
  if (!tags.title) return fileName;
  return tags.artist ? `${tags.artist} – ${tags.title}` : tags.title;
}

/** A tag as the server takes it: a string of at most 200 characters ('' when absent). */
function tagText(value) {
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}
