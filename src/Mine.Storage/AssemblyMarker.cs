namespace Mine.Storage;
internal static class AssemblyMarker
{
}
