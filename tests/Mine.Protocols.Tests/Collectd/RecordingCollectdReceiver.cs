using System.Text;
using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

internal sealed record ReceivedValueList(
    string Host, string Plugin, string PluginInstance, string Type, string TypeInstance, ulong TimeHr, ulong IntervalHr,
    DataSourceType[] Types, double[] Values, CollectdSecurity Security, string Username)
{
    public string Identifier => $"{Host}/{Plugin}-{PluginInstance}/{Type}-{TypeInstance}";

    public string ValuesText => string.Join(",", Values);
}

internal sealed record ReceivedNotification(
    string Host, string Plugin, string PluginInstance, string Type, string TypeInstance, ulong TimeHr, int Severity,
    string Message, CollectdSecurity Security);

/// <summary>Copies everything the parser dispatches, so tests can compare after the spans are gone.</summary>
internal sealed class RecordingCollectdReceiver : ICollectdReceiver
{
    public List<ReceivedValueList> Lists { get; } = [];

    public List<ReceivedNotification> Notifications { get; } = [];

    public void OnValueList(in CollectdValueList values)
    {
        var types = new DataSourceType[values.Count];
        var numbers = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            types[i] = CollectdValues.GetType(values, i);
            numbers[i] = CollectdValues.GetDouble(values, i);
        }

        Assert.Equal(values.Count * 8, values.RawValues.Length);
        Lists.Add(new ReceivedValueList(
            S(values.Host), S(values.Plugin), S(values.PluginInstance), S(values.Type), S(values.TypeInstance),
            values.TimeHr, values.IntervalHr, types, numbers, values.Security, S(values.Username)));
    }

    public void OnNotification(in CollectdNotification notification) =>
        Notifications.Add(new ReceivedNotification(
            S(notification.Host), S(notification.Plugin), S(notification.PluginInstance), S(notification.Type),
            S(notification.TypeInstance), notification.TimeHr, notification.Severity, S(notification.Message),
            notification.Security));

    private static string S(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
