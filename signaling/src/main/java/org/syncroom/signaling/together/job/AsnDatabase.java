package org.syncroom.signaling.together.job;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.Map;

/**
 * Address to autonomous system number over an ASN MMDB (MaxMind GeoLite2 ASN layout,
 * {@code autonomous_system_number}), so the denylist's AS entries can match. Optional: without
 * one ({@code --asn-db} not given) only the denylist's ranges apply.
 */
public final class AsnDatabase implements Closeable {
    private final Reader reader;

    private AsnDatabase(Reader reader) {
        this.reader = reader;
    }

    public static AsnDatabase open(File file) throws IOException {
        if (!file.isFile()) {
            throw new IOException("no file at " + file.getAbsolutePath());
        }
        try {
            return new AsnDatabase(new Reader(file, new CHMCache()));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a MaxMind DB (MMDB) file: " + e.getMessage(), e);
        }
    }

    /**
     * The AS number announcing the address ({@link IpAddress}), or -1 when the database does not
     * know it; an IPv6 address is never looked up in an IPv4 tree (see {@link GeoIpDatabase}).
     */
    @SuppressWarnings("unchecked")
    public long asnOf(long high, long low) throws IOException {
        if (!IpAddress.isIpv4(high, low) && reader.getMetadata().ipVersion() != 6) {
            return -1;
        }
        Map<String, Object> record = reader.get(IpAddress.toInetAddress(high, low), Map.class);
        Object asn = record == null ? null : record.get("autonomous_system_number");
        return asn instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
