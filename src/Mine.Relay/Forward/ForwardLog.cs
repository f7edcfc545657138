namespace Mine.Relay.Forward;

/// <summary>Where the forward protocol's log lines go. Mine.Relay has no logging dependency (as Mine.Storage's
/// <c>Action&lt;string&gt;</c>), but a refused connection and a damaged chunk are not of the same weight, so lines carry
/// a level. Called from any thread; the lines are already throttled where a peer could flood them.</summary>
public delegate void ForwardLog(ForwardLogLevel level, string message);
