using Mine.Query.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions;

/// <summary>
/// Every render function, called with random arguments of every kind (series lists of different steps, with
/// gaps, empty lists, numbers of all signs and sizes, strings, booleans, None, nested calls), either answers or
/// raises a QueryArgumentException (HTTP 400). Any other exception would be a 500 and fails the test.
/// </summary>
public class FunctionFuzzTests
{
    private static readonly string[] Arguments =
    [
        "a.*", "a.b", "a.c", "b.*", "nothing.*", "{a,b}.*", "slow.x", "a.b|scale(2)", "sumSeries(a.*)",
        "0", "1", "2", "-1", "3", "100", "1e9999", "-1.5", "0.5", "99999999999", "inf",
        "\"avg\"", "\"sum\"", "\"max\"", "\"1h\"", "\"5min\"", "\"-1d\"", "\"x\"", "\"\"", "\"(.*)\"", "\"\\\\1 A\"", "\"[\"",
        "\"days\"", "\"color\"", "\"1\"", "\"average\"", "\"rangeOf\"", "\"sumSeries\"", "\"name\"", "\"dc\"", "\"dc=x\"",
        "true", "false", "None",
    ];

    public static TheoryData<string> FunctionNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in FunctionRegistry.Default.Entries)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Random_arguments_give_series_or_a_clear_error(string function)
    {
        var random = new Random(function.GetHashCode(StringComparison.Ordinal) ^ 20261126);
        for (var round = 0; round < 60; round++)
        {
            var kit = new FunctionTestKit()
                .Add("a.b", 1, double.NaN, -3, 4, 0, 6.5, double.NaN, 8, 9, 10)
                .Add("a.c", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
                .Add("b.d;dc=x", 5, 4, 3, 2, 1, 0, -1, -2, -3, -4)
                .AddAt("slow.x", FunctionTestKit.Start, 120, 1, 2, 3, 4, 5);
            var count = random.Next(0, 5);
            var arguments = new List<string>();
            for (var i = 0; i < count; i++)
            {
                arguments.Add(Arguments[random.Next(Arguments.Length)]);
            }

            if (count > 0 && random.Next(3) == 0)
            {
                arguments[0] = "a.*";
            }

            var target = $"{function}({string.Join(",", arguments)})";
            try
            {
                var result = kit.Evaluate(target);
                Assert.NotNull(result);
                _ = FunctionTestKit.Describe(result);
            }
            catch (QueryArgumentException)
            {
                // A clear 400 is an accepted answer to garbage.
            }
            catch (Exception ex)
            {
                Assert.Fail($"{target} threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }
    }
}
