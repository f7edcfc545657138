namespace Mine.Alerts;

/// <summary>Where alerts are recorded as Graphite events (the host's event store: Grafana shows them as
/// annotations through /events/get_data).</summary>
public interface IAlertEventLog
{
    void Record(double when, string what, string data, IReadOnlyList<string> tags);
}
