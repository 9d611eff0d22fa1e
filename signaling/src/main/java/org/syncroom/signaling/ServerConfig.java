package org.syncroom.signaling;

import org.syncroom.signaling.together.TogetherConfig;

/**
 * Everything an operator can set. {@link #defaults()} is what {@code Main} runs with when
 * given no arguments: every interface, port 8080, 500 listeners a room, no globe
 * ({@code ./run-server} turns the globe on with {@code --geoip-db}).
 */
public record ServerConfig(String host, int port, int maxListeners, long abandonedRoomMinutes, TogetherConfig together) {
    private static final String USAGE = "usage: [--host H] [--port P] [--max-listeners N] " + TogetherConfig.USAGE;

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, 500, 30, TogetherConfig.off());
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, maxListeners, abandonedRoomMinutes, together);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, maxListeners, abandonedRoomMinutes, together);
    }

    public ServerConfig withMaxListeners(int value) {
        return new ServerConfig(host, port, value, abandonedRoomMinutes, together);
    }

    public ServerConfig withTogether(TogetherConfig value) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, value);
    }

    /** Reads {@code --host H}, {@code --port P}, {@code --max-listeners N} and the globe's flags ({@link TogetherConfig}); rejects anything else. */
    public static ServerConfig fromArgs(String... args) {
        ServerConfig config = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            if (TogetherConfig.isFlag(flag)) {
                config = config.withTogether(config.together().with(flag, value));
                continue;
            }
            switch (flag) {
                case "--host" -> config = config.withHost(value);
                case "--port" -> config = config.withPort(intArg(flag, value, 0, 65_535));
                case "--max-listeners" -> config = config.withMaxListeners(intArg(flag, value, 1, 100_000));
                default -> throw new IllegalArgumentException(
                        "unknown option " + flag + "; " + USAGE);
            }
        }
        return config;
    }

    private static int intArg(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got \"" + value + "\"");
        }
    }
}
