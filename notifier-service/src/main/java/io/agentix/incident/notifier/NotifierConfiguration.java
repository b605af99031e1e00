package io.agentix.incident.notifier;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.service.IncidentServiceConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of notifier-service: the common Kafka/registry/topics sections and {@code delivery:}
 * ({@link DeliveryFactory}). The channels' sections ({@code email:}, {@code pages:}) join when they are wired.
 */
public class NotifierConfiguration extends IncidentServiceConfiguration {

    @Valid
    @NotNull
    private DeliveryFactory delivery = new DeliveryFactory();

    @JsonProperty("delivery")
    public DeliveryFactory getDelivery() {
        return delivery;
    }

    @JsonProperty("delivery")
    public void setDelivery(DeliveryFactory delivery) {
        this.delivery = delivery;
    }
}
