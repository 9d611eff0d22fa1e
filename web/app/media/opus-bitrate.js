// The host page's ?bitrate= option: the Opus bit rate in bit/s.

/**
 * ?bitrate= as a whole number of bit/s within what Opus takes (RFC 6716: 6 to 510 kbit/s);
 * undefined (the codec's default) when absent or out of range, which is reported.
 * @param {URLSearchParams} query
 * @param {import('../problems.js').Problems} problems
 */
export function opusBitrate(query, problems) {
  if (!query.has('bitrate')) return undefined;
  const bitrate = Number(query.get('bitrate'));
  if (Number.isInteger(bitrate) && bitrate >= 6000 && bitrate <= 510_000) return bitrate;
  problems.report('bad-bitrate', new Error(`?bitrate=${query.get('bitrate')}`),
    'The bitrate must be a whole number of bit/s from 6000 to 510000; using the default.');
  return undefined;
}
