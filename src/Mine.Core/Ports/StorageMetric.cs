namespace Mine.Core.Ports;

/// <summary>
/// One of a store's metrics: <see cref="Name"/> is a Prometheus-style suffix (<c>flushes_total</c>) that the host
/// puts under its storage prefix; <see cref="Help"/> one sentence for operators.
/// </summary>
public readonly record struct StorageMetric(string Name, string Help, StorageMetricKind Kind, double Value);
