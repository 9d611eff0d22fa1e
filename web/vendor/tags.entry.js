// Entry of web/vendor/music-metadata.js, the tag reader the host page loads when a file is
// picked (app/media/tags.js): music-metadata's browser build, bundled by esbuild at build time.
export { parseBlob } from 'music-metadata';
