namespace Mine.Protocols;
internal static class AssemblyMarker
{
}
