package io.agentix.incident.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void handsOutDistinctListenablePortsBelowTheEphemeralRange() throws Exception {
        int ephemeralLow = FreePorts.ephemeralLow();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.pick();
            assertThat(port).isBetween(FreePorts.LOWEST, ephemeralLow - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        for (int port : ports.stream().limit(20).toList()) {
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void readsTheLowEndOfTheKernelsRange() {
        assertThat(FreePorts.parseEphemeralLow("32768\t60999\n")).isEqualTo(32_768);
        assertThat(FreePorts.parseEphemeralLow("49152 65535")).isEqualTo(49_152);
    }

    @Test
    void keepsTheDefaultWhenTheRangeLeavesNoRoomBelowIt() {
        assertThat(FreePorts.parseEphemeralLow("1024 65535")).isEqualTo(FreePorts.DEFAULT_EPHEMERAL_LOW);
        assertThat(FreePorts.parseEphemeralLow("10500 65535")).isEqualTo(FreePorts.DEFAULT_EPHEMERAL_LOW);
    }
}
