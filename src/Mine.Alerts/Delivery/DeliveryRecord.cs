namespace Mine.Alerts.Delivery;

/// <summary>How one message to one webhook ended.</summary>
/// <param name="At">Unix seconds of the outcome.</param>
/// <param name="Webhook">The webhook as <see cref="WebhookTarget.Display"/> shows it.</param>
/// <param name="Keys">The alerts in the message, with their state (<c>firing stale:web-017</c>).</param>
/// <param name="Result"><c>delivered</c>, <c>failed</c> (given up after its attempts, or refused with a 4xx) or
/// <c>dropped</c> (the queue was full).</param>
/// <param name="Detail">The last answer or error: <c>HTTP 200</c>, <c>HTTP 500</c>, <c>timeout after 10 s</c>.</param>
public sealed record DeliveryRecord(long At, string Webhook, IReadOnlyList<string> Keys, int Attempts, string Result, string Detail);
