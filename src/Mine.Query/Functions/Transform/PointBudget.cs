namespace Mine.Query.Functions.Transform;

/// <summary>
/// Refuses a generated series before it is allocated when it alone would exceed the request's point limit
/// (time("x", 1) over years, summarize with a tiny interval), with the message the evaluator uses afterwards.
/// </summary>
internal static class PointBudget
{
    public static void EnsureFits(FunctionCall call, long points)
    {
        if (points > call.Context.Limits.MaxPoints)
        {
            throw new QueryArgumentException($"{call.CalledName}() would produce more than {call.Context.Limits.MaxPoints} points (MaxPointsPerRequest); narrow the targets or the time range.");
        }
    }
}
