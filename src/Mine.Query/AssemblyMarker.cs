namespace Mine.Query;
internal static class AssemblyMarker
{
}
