namespace Mine.Alerts.Delivery;

/// <summary>How alerts are batched and delivered (the Mine:Alerts keys, docs/configuration.md).</summary>
public sealed record DeliveryOptions
{
    /// <summary>Alerts that change state within this many seconds of the first go out as one message per webhook.</summary>
    public double GroupSeconds { get; init; } = 10;

    /// <summary>Wait before the first retry; doubled after each failed attempt up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryFirstSeconds { get; init; } = 1;

    public double RetryMaxSeconds { get; init; } = 300;

    /// <summary>Attempts of one message before it is given up (counted as failed).</summary>
    public int RetryMaxAttempts { get; init; } = 10;

    /// <summary>Seconds one attempt may take.</summary>
    public double TimeoutSeconds { get; init; } = 10;

    /// <summary>Alerts waiting to be batched, and messages waiting per webhook, at most; beyond, the oldest is
    /// dropped (counted, logged, listed).</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Alerts in one message at most (chat services refuse huge bodies); a larger batch is split.</summary>
    public int MaxAlertsPerMessage { get; init; } = 50;

    /// <summary>Deliveries kept for the API.</summary>
    public int DeliveriesKept { get; init; } = 100;
}
