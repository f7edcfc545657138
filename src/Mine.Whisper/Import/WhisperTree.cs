namespace Mine.Whisper.Import;

/// <summary>
/// The whisper files under a carbon storage folder and the series each one is (docs/whisper-import.md, "Names"): the
/// path relative to the folder with <c>/</c> as <c>.</c>; carbon's tagged series (<c>_tagged/abc/def/NAME.wsp</c>)
/// decode as carbon's <c>TaggedSeries.decode</c> does, <c>_DOT_</c> back to <c>.</c>; those stored under their hash
/// (<c>_tagged/abc/def/SHA256.wsp</c>) are named through a <see cref="TaggedNameTable"/>.
/// </summary>
public static class WhisperTree
{
    private const string Extension = ".wsp";
    private const string TaggedFolder = "_tagged";

    /// <summary>Every <c>*.wsp</c> file below <paramref name="root"/>, as paths relative to it with <c>/</c>, in
    /// ordinal order (so a resumed import walks them in the same order). Links are not followed.</summary>
    public static IReadOnlyList<string> Files(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        var files = Directory.EnumerateFiles(root, "*" + Extension, options)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The series name of a file, or null with the reason when none can be made. A tagged series stored
    /// under its hash is named from <paramref name="hashedNames"/> (graphite-web's tag database).</summary>
    public static string? SeriesName(string relativePath, string? prefix, out string? problem, TaggedNameTable? hashedNames = null)
    {
        problem = null;
        var withoutExtension = relativePath.EndsWith(Extension, StringComparison.Ordinal) ? relativePath[..^Extension.Length] : relativePath;
        var parts = withoutExtension.Split('/');
        string name;
        if (parts[0] == TaggedFolder)
        {
            if (parts.Length != 4)
            {
                problem = "a file under _tagged/ that is not _tagged/xxx/yyy/NAME.wsp";
                return null;
            }

            name = parts[3].Replace("_DOT_", ".", StringComparison.Ordinal);
            if (!name.Contains(';', StringComparison.Ordinal))
            {
                // carbon's TAG_HASH_FILENAMES keeps only the hash: the name is in graphite-web's tag database, not here.
                if (hashedNames is null || !hashedNames.TryResolve(parts[3], out name))
                {
                    problem = "a tagged series stored under its hash (carbon's TAG_HASH_FILENAMES): its name is not in the file's path; "
                        + "give --tag-names http://GRAPHITE-WEB (or a file of names) so the hash can be matched to a name in graphite-web's tag database";
                    return null;
                }
            }
        }
        else
        {
            name = string.Join('.', parts);
        }

        return string.IsNullOrEmpty(prefix) ? name : $"{prefix.TrimEnd('.')}.{name}";
    }
}
