package org.syncroom.shaper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * `./run-shaped-network [edges=2] [profile]`: a {@link ShapedNetwork} to try things by hand. Prints
 * how to run a command in the hub and in each edge, then reads commands, one a line:
 *
 * <pre>
 *   shape EDGE|all up|down|both PROFILE     the whole profile, e.g. shape 1 down delay=40ms jitter=15ms loss=3%
 *   cut   EDGE|all [up|down|both]
 *   mend  EDGE|all [up|down|both]
 *   stats
 *   quit                                    (or end of input, or Ctrl-C)
 * </pre>
 *
 * Everything it made is removed when it ends, however it ends.
 */
public final class ShapedNetworkCommand {
    private ShapedNetworkCommand() {
    }

    public static void main(String[] args) throws Exception {
        int edgeCount = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        LinkProfile initial = args.length > 1 ? LinkProfile.parse(String.join(" ", Arrays.copyOfRange(args, 1, args.length)))
                : LinkProfile.UNSHAPED;
        ShapedNetwork network = ShapedNetwork.withNewHub(System.nanoTime());
        Runtime.getRuntime().addShutdownHook(new Thread(network::close, "shaped-network-close"));
        for (int i = 1; i <= edgeCount; i++) {
            network.addEdge("edge-" + i, initial, initial);
        }
        System.out.println("hub:    " + String.join(" ", network.hub().commandPrefix()) + " COMMAND   (10.77.<i>.1 for edge i)");
        for (Edge edge : network.edges()) {
            System.out.println("edge " + edge.index() + ": " + String.join(" ", edge.namespace().commandPrefix())
                    + " COMMAND   (" + edge.address() + ", via " + edge.hubAddress() + "; " + initial + " both ways)");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        System.out.print("> ");
        System.out.flush();
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("quit")) {
                break;
            }
            try {
                System.out.println(execute(network, words));
            } catch (RuntimeException e) {
                System.out.println("? " + e.getMessage());
            }
            System.out.print("> ");
            System.out.flush();
        }
    }

    private static String execute(ShapedNetwork network, String[] words) {
        switch (words[0]) {
            case "" -> {
                return "";
            }
            case "stats" -> {
                StringBuilder text = new StringBuilder();
                for (Edge edge : network.edges()) {
                    LinkStats stats = edge.link().stats();
                    for (Direction direction : Direction.values()) {
                        ShapedDirection shaped = edge.link().direction(direction);
                        text.append("edge ").append(edge.index()).append(' ').append(direction.name().toLowerCase())
                                .append(shaped.isCut() ? " CUT" : "").append(" (").append(shaped.profile()).append("): ")
                                .append(stats.of(direction)).append('\n');
                    }
                }
                return text.toString().strip();
            }
            case "shape", "cut", "mend" -> {
                if (words.length < 2) {
                    throw new IllegalArgumentException(words[0] + " needs an edge number or \"all\"");
                }
                List<Edge> edges = words[1].equals("all") ? network.edges()
                        : List.of(network.edges().get(Integer.parseInt(words[1]) - 1));
                List<Direction> directions = directions(words.length > 2 ? words[2] : "both");
                LinkProfile profile = words[0].equals("shape")
                        ? LinkProfile.parse(String.join(" ", Arrays.copyOfRange(words, Math.min(3, words.length), words.length)))
                        : null;
                for (Edge edge : edges) {
                    for (Direction direction : directions) {
                        ShapedDirection shaped = edge.link().direction(direction);
                        switch (words[0]) {
                            case "shape" -> shaped.shape(profile);
                            case "cut" -> shaped.setCut(true);
                            default -> shaped.setCut(false);
                        }
                    }
                }
                return "ok";
            }
            default -> throw new IllegalArgumentException("commands: shape, cut, mend, stats, quit");
        }
    }

    private static List<Direction> directions(String word) {
        return switch (word) {
            case "up" -> List.of(Direction.UP);
            case "down" -> List.of(Direction.DOWN);
            case "both" -> List.of(Direction.UP, Direction.DOWN);
            default -> throw new IllegalArgumentException("direction is up, down or both, got " + word);
        };
    }
}
