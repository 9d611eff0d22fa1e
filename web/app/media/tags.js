// Reads the artist and title tags of the file the host picked, for the track's key on the public
// globe and the title the room shows. The reader is music-metadata (npm), bundled at build time
// by esbuild into /vendor/music-metadata.js (web/vendor/, web/pom.xml) and loaded only when a
// file is picked. A file without tags, or a page without the reader (node tests), gets empty
// tags: the room then goes by the file name.

/** @typedef {import('../protocol.js').TrackTags} TrackTags */

const READER_URL = new URL('../vendor/music-metadata.js', import.meta.url).href;

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

/** What the room shows: "Artist – Title" from the tags, else the file name. */
export function displayTitle(tags, fileName) {
  if (!tags.title) return fileName;
  return tags.artist ? `${tags.artist} – ${tags.title}` : tags.title;
}

/** A tag as the server takes it: a string of at most 200 characters ('' when absent). */
function tagText(value) {
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}
