package io.agentix.incident.notifier;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.notifier.channel.ChannelsFactory;
import io.agentix.incident.notifier.dev.DevCaptureFactory;
import io.agentix.incident.service.IncidentServiceConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of notifier-service: the common Kafka/registry/topics sections, {@code delivery:}
 * ({@link DeliveryFactory}), {@code channels:} ({@link ChannelsFactory}: SMTP and page routes) and, for a
 * local run only, {@code dev:} ({@link DevCaptureFactory}: the SMTP and page captures). Without a
 * {@code dev:} section no capture runs.
 */
public class NotifierConfiguration extends IncidentServiceConfiguration {

    @Valid
    @NotNull
    private DeliveryFactory delivery = new DeliveryFactory();

    @Valid
    @NotNull
    private ChannelsFactory channels = new ChannelsFactory();

    @Valid
    private DevCaptureFactory dev;

    @JsonProperty("channels")
    public ChannelsFactory getChannels() {
        return channels;
    }

    @JsonProperty("channels")
    public void setChannels(ChannelsFactory channels) {
        this.channels = channels;
    }

    /** The dev captures, or null when the configuration has no {@code dev:} section (production). */
    @JsonProperty("dev")
    public DevCaptureFactory getDev() {
        return dev;
    }

    @JsonProperty("dev")
    public void setDev(DevCaptureFactory dev) {
        this.dev = dev;
    }

    @JsonProperty("delivery")
    public DeliveryFactory getDelivery() {
        return delivery;
    }

    @JsonProperty("delivery")
    public void setDelivery(DeliveryFactory delivery) {
        this.delivery = delivery;
    }
}
