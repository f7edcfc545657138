using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mine.Alerts.Delivery;

/// <summary>
/// Sends alerts to the webhooks. Alerts are first held <see cref="DeliveryOptions.GroupSeconds"/> so that those
/// changing state together (a rack going down) make one message per webhook; each webhook then has its own queue and
/// worker, so one webhook that is down does not delay the others. A message that fails (a network error, a timeout,
/// HTTP 5xx, 408 or 429) is tried again after 1 s, doubling up to <see cref="DeliveryOptions.RetryMaxSeconds"/>, at most
/// <see cref="DeliveryOptions.RetryMaxAttempts"/> times, then given up; another 4xx is given up at once (the webhook
/// refuses the body: retrying cannot help). Queues are bounded: when full, the oldest entry is dropped, counted,
/// logged and listed in <see cref="Deliveries"/>.
/// </summary>
public sealed partial class AlertDispatcher : IDisposable
{
    private readonly DeliveryOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<AlertNotification> _staged = [];
    private readonly SemaphoreSlim _stagedSignal = new(0);
    private readonly List<Webhook> _webhooks;
    private readonly LinkedList<DeliveryRecord> _deliveries = new();
    private long _sent;
    private long _failed;
    private long _retries;
    private long _dropped;

    public AlertDispatcher(IReadOnlyList<WebhookTarget> webhooks, DeliveryOptions? options = null, HttpClient? client = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        _options = options ?? new DeliveryOptions();
        _ownsClient = client is null;
        _client = client ?? new HttpClient();
        _client.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _webhooks = webhooks.Select(static w => new Webhook(w)).ToList();
    }

    public IReadOnlyList<WebhookTarget> Webhooks => _webhooks.Select(static w => w.Target).ToList();

    /// <summary>Messages a webhook accepted (2xx).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Called with each message a webhook accepted (from the delivering task; it must not block).</summary>
    public Action<IReadOnlyList<AlertNotification>>? OnDelivered { get; set; }

    /// <summary>Messages given up: every attempt failed, or the webhook refused the body.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Attempts made again after a failed one.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Alerts or messages dropped because a queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Alerts waiting to be batched plus messages waiting in the webhooks' queues.</summary>
    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _staged.Count + _webhooks.Sum(static w => w.Queue.Count);
            }
        }
    }

    /// <summary>Why the last attempt to some webhook failed, while that webhook has not succeeded since; null when
    /// all is well.</summary>
    public string? Problem
    {
        get
        {
            lock (_lock)
            {
                return _webhooks.Select(static w => w.Problem).FirstOrDefault(static p => p is not null);
            }
        }
    }

    /// <summary>The last deliveries, newest first.</summary>
    public IReadOnlyList<DeliveryRecord> Deliveries
    {
        get
        {
            lock (_lock)
            {
                return _deliveries.ToList();
            }
        }
    }

    public void Dispose()
    {
        _stagedSignal.Dispose();
        foreach (var webhook in _webhooks)
        {
            webhook.Signal.Dispose();
        }

        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>Queues an alert for the next batch (nothing is queued without webhooks).</summary>
    public void Enqueue(AlertNotification notification)
    {
        if (_webhooks.Count == 0)
        {
            return;
        }

        AlertNotification? dropped = null;
        lock (_lock)
        {
            _staged.Add(notification);
            if (_staged.Count > _options.QueueCapacity)
            {
                dropped = _staged[0];
                _staged.RemoveAt(0);
            }
        }

        if (dropped is not null)
        {
            Drop("every webhook", [Describe(dropped)]);
        }

        _stagedSignal.Release();
    }

    /// <summary>Batches and delivers until <paramref name="stopping"/>; calls <paramref name="beat"/> at least every
    /// second (the loop's health).</summary>
    public Task RunAsync(Action beat, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(beat);
        var workers = _webhooks.Select(w => DeliverLoopAsync(w, stopping)).Prepend(BatchLoopAsync(beat, stopping)).ToList();
        return Task.WhenAll(workers);
    }

    private async Task BatchLoopAsync(Action beat, CancellationToken stopping)
    {
        while (true)
        {
            beat();
            if (!await _stagedSignal.WaitAsync(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false))
            {
                continue;
            }

            lock (_lock)
            {
                if (_staged.Count == 0)
                {
                    continue;
                }
            }

            // Hold the batch open so alerts changing state together go out together.
            var until = _time.GetTimestamp() + (long)(_options.GroupSeconds * _time.TimestampFrequency);
            while (_time.GetTimestamp() < until)
            {
                beat();
                var left = TimeSpan.FromSeconds((until - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), _time, stopping).ConfigureAwait(false);
            }

            List<AlertNotification> batch;
            lock (_lock)
            {
                batch = [.. _staged];
                _staged.Clear();
            }

            // Signals of alerts taken with this batch wake the loop again to an empty list: it waits once more.
            foreach (var message in batch.Chunk(Math.Max(1, _options.MaxAlertsPerMessage)))
            {
                foreach (var webhook in _webhooks)
                {
                    Offer(webhook, message);
                }
            }
        }
    }

    private void Offer(Webhook webhook, AlertNotification[] message)
    {
        AlertNotification[]? dropped = null;
        lock (_lock)
        {
            webhook.Queue.Enqueue(message);
            if (webhook.Queue.Count > _options.QueueCapacity)
            {
                dropped = webhook.Queue.Dequeue();
            }
        }

        if (dropped is not null)
        {
            Drop(webhook.Target.Display, dropped.Select(Describe).ToList());
        }

        webhook.Signal.Release();
    }

    private void Drop(string webhook, IReadOnlyList<string> keys)
    {
        Interlocked.Add(ref _dropped, 1);
        Record(new DeliveryRecord(Now, webhook, keys, 0, "dropped", $"queue full ({_options.QueueCapacity}): the oldest waiting entry is dropped"));
        LogDropped(_logger, webhook, _options.QueueCapacity, string.Join(", ", keys));
    }

    private async Task DeliverLoopAsync(Webhook webhook, CancellationToken stopping)
    {
        while (true)
        {
            await webhook.Signal.WaitAsync(stopping).ConfigureAwait(false);
            AlertNotification[] message;
            lock (_lock)
            {
                if (!webhook.Queue.TryDequeue(out message!))
                {
                    continue;
                }
            }

            await DeliverAsync(webhook, message, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one message, with retries; records and counts how it ended.</summary>
    internal async Task DeliverAsync(Webhook webhook, AlertNotification[] message, CancellationToken stopping)
    {
        var body = AlertBodies.For(webhook.Target.Format, message);
        var keys = message.Select(Describe).ToList();
        var delay = TimeSpan.FromSeconds(_options.RetryFirstSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var (ok, retry, detail) = await AttemptAsync(webhook.Target, body, stopping).ConfigureAwait(false);
            if (ok)
            {
                Interlocked.Increment(ref _sent);
                SetProblem(webhook, null);
                Record(new DeliveryRecord(Now, webhook.Target.Display, keys, attempt, "delivered", detail));
                OnDelivered?.Invoke(message);
                return;
            }

            SetProblem(webhook, $"{webhook.Target.Display}: {detail}");
            if (!retry || attempt >= _options.RetryMaxAttempts)
            {
                Interlocked.Increment(ref _failed);
                Record(new DeliveryRecord(Now, webhook.Target.Display, keys, attempt, "failed", detail));
                LogGaveUp(_logger, webhook.Target.Display, attempt, detail, string.Join(", ", keys));
                return;
            }

            LogRetrying(_logger, webhook.Target.Display, detail, delay.TotalSeconds);
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            Interlocked.Increment(ref _retries);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, _options.RetryMaxSeconds));
        }
    }

    private async Task<(bool Ok, bool Retry, string Detail)> AttemptAsync(WebhookTarget target, string body, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.UserAgent.ParseAdd("mine-alerts");
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var detail = $"HTTP {status}";
            return response.IsSuccessStatusCode
                ? (true, false, detail)
                : (false, status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests, detail);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (false, true, $"timeout after {_options.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return (false, true, e.Message);
        }
    }

    private void SetProblem(Webhook webhook, string? problem)
    {
        lock (_lock)
        {
            webhook.Problem = problem;
        }
    }

    private void Record(DeliveryRecord record)
    {
        lock (_lock)
        {
            _deliveries.AddFirst(record);
            while (_deliveries.Count > _options.DeliveriesKept)
            {
                _deliveries.RemoveLast();
            }
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    private static string Describe(AlertNotification n) => $"{n.State.Name()} {n.Key}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert webhook {Webhook}: {Detail}; trying again in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, string webhook, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "alert webhook {Webhook}: given up after {Attempts} attempt(s), last {Detail}; alerts not delivered: {Alerts}")]
    private static partial void LogGaveUp(ILogger logger, string webhook, int attempts, string detail, string alerts);

    [LoggerMessage(Level = LogLevel.Error, Message = "alert queue for {Webhook} full ({Capacity}): dropped the oldest: {Alerts}")]
    private static partial void LogDropped(ILogger logger, string webhook, int capacity, string alerts);

    /// <summary>One webhook's queue and state (guarded by the dispatcher's lock).</summary>
    internal sealed class Webhook(WebhookTarget target)
    {
        public WebhookTarget Target { get; } = target;

        public Queue<AlertNotification[]> Queue { get; } = new();

        public SemaphoreSlim Signal { get; } = new(0);

        public string? Problem { get; set; }
    }
}
