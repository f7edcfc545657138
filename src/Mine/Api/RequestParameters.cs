using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Mine.Core.Errors;

namespace Mine.Api;

/// <summary>
/// graphite-web reads parameters from the query string and a form-encoded body alike
/// (<c>queryParams = request.GET.copy(); queryParams.update(request.POST)</c>); Grafana POSTs its forms.
/// </summary>
internal sealed class RequestParameters
{
    private readonly Dictionary<string, StringValues> _values = new(StringComparer.Ordinal);

    private RequestParameters()
    {
    }

    public static async Task<RequestParameters> ReadAsync(HttpRequest request)
    {
        var parameters = new RequestParameters();
        foreach (var (key, value) in request.Query)
        {
            parameters._values[key] = value;
        }

        if (request.HasFormContentType)
        {
            var form = await ReadFormAsync(request).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                parameters._values[key] = parameters._values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : value;
            }
        }

        return parameters;
    }

    /// <summary>The form body; one ASP.NET cannot decode (malformed, too many or too long values) is the client's error.</summary>
    /// <exception cref="MineUserException">The body does not decode.</exception>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request)
    {
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new MineUserException($"Unreadable form body: {ex.Message}", ex);
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Every parameter name given.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The last value given (Django's QueryDict.get), or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    /// <summary>Every value of a repeatable parameter, also accepting the PHP/Rails form <c>name[]</c>.</summary>
    public List<string> GetAll(string name)
    {
        var all = new List<string>();
        foreach (var key in new[] { name, name + "[]" })
        {
            if (_values.TryGetValue(key, out var values))
            {
                foreach (var value in values)
                {
                    if (value is not null)
                    {
                        all.Add(value);
                    }
                }
            }
        }

        return all;
    }

    /// <summary>Django-style integer flag: absent → default; otherwise must parse.</summary>
    public int GetInt(string name, int defaultValue)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new MineUserException($"Invalid int value {text} for param {name}");
        }

        return value;
    }

    /// <summary>graphite-web's truthy flags: "1", "true" (any case) and friends.</summary>
    public bool GetBool(string name)
    {
        var text = Get(name);
        return text is not null && (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("on", StringComparison.OrdinalIgnoreCase));
    }
}

