using System.Text.RegularExpressions;
using Mine.Core.Errors;
using Mine.Core.Text;
using Mine.Hosting;

namespace Mine.Api;

/// <summary>
/// graphite-web's <c>jsonp=</c>: the answer wrapped in a call to the named function, served as JavaScript. A page
/// of any origin can load such an answer with a script tag and read it, so Mine serves jsonp only when
/// <c>Mine:Jsonp</c> is on, and only to a callback that is a JavaScript name (a dotted path such as
/// <c>jQuery.cb_1</c>); anything else would be echoed as script text into the answer.
/// </summary>
internal static partial class JsonpCallback
{
    /// <summary>Longest callback accepted (jQuery's generated names are about 40 characters).</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// The request's callback, or null when it asks for none. graphite-web's find views ignore an empty value
    /// (<paramref name="emptyIsNone"/>); its render views wrap even with an empty one, which Mine refuses.
    /// </summary>
    /// <exception cref="MineUserException">jsonp is turned off, or the callback is not a JavaScript name.</exception>
    public static string? From(RequestParameters parameters, MineOptions options, bool emptyIsNone = false)
    {
        var callback = parameters.Get("jsonp");
        if (callback is null || (emptyIsNone && callback.Length == 0))
        {
            return null;
        }

        if (!options.Jsonp)
        {
            throw new MineUserException("jsonp is turned off on this server (Mine:Jsonp=false): any web page could read the answer through it. Ask for plain JSON, or have the operator enable it.");
        }

        if (callback.Length > MaxLength || !Name().IsMatch(callback))
        {
            var shown = callback.Length > 60 ? callback[..60] + "..." : callback;
            throw new MineUserException($"jsonp callback '{shown}' is not a JavaScript name: use letters, digits, _ and $, dotted paths allowed (e.g. jQuery.cb_1), at most {MaxLength} characters.");
        }

        return callback;
    }

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex Name();
}
