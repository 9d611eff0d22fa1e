// URLs of files the page loads at run time (the click tap's worklet, the bundled npm packages
// under vendor/), relative to the app's root. This module sits at that root, so its
// import.meta.url is the root whether the page runs the modules one by one or the single bundle
// the build makes of them (web/pom.xml, "bundle-room-page": every module's import.meta.url is
// then the bundle's, main.js at the root).

/** @param {string} path relative to the app's root, e.g. 'vendor/qrcode.js' */
export function appUrl(path) {
  return new URL(path, import.meta.url).href;
}
