package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The room domain speaks protocol records; JSON is the protocol package's business. */
class RoomDomainIsFreeOfJacksonTest {
    @Test
    void noSourceInTheRoomPackageImportsJacksonOrTheWebSocketLayer() throws IOException {
        Path room = Path.of("src/main/java/org/syncroom/signaling/room");
        List<String> offenders;
        try (Stream<Path> files = Files.list(room)) {
            offenders = files.filter(f -> {
                try {
                    String text = Files.readString(f);
                    return text.contains("import com.fasterxml") || text.contains("import org.syncroom.signaling.ws")
                            || text.contains("import org.eclipse.jetty");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
