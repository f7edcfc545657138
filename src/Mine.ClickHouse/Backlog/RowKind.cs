namespace Mine.ClickHouse.Backlog;

/// <summary>What a backlog record holds: RowBinary rows of one table (the WAL's record type; 0 is reserved).</summary>
public enum RowKind : byte
{
    Points = 1,
    Index = 2,
    Tagged = 3,
}
