// Regenerates src/OcopLive/Addresses/dvhc-2025.json, the project's own data file of Vietnam's
// administrative units since 1 July 2025 (34 provinces, 3,321 communes) and the old → new
// conversion, from the National Statistics Office's conversion table of 2025
// ("Bảng chuyển đổi đơn vị hành chính mới – cũ", CSV export).
//   dotnet run --project tools/AddressData -- <conversion table .csv> [output .json]
// The table: row 1 a title, row 2 the header, capitalised province rows as section breaks;
// columns: new province "Name (code)", new commune name, new commune code, old commune name, old
// commune code, note (how the old unit went in), old district "Name (code)", old province "Name (code)".
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AddressData <conversion table .csv> [output .json]");
    return 2;
}

var output = args.Length > 1 ? args[1] : Path.Combine("src", "OcopLive", "Addresses", "dvhc-2025.json");
var rows = Csv.Read(File.ReadAllText(args[0], Encoding.UTF8)).Skip(2).ToList();

var provinces = new SortedDictionary<string, string>(StringComparer.Ordinal);
var communes = new SortedDictionary<string, (string Name, string Province)>(StringComparer.Ordinal);
var oldProvinceNames = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
var oldDistrictNames = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
var oldDistrictProvince = new Dictionary<string, string>(StringComparer.Ordinal);
var conversions = new List<(string District, string Code, string Name, string NewCode, bool Whole, int Order)>();
var seen = new HashSet<string>(StringComparer.Ordinal);

foreach (var row in rows)
{
    if (row.Length < 8 || string.IsNullOrWhiteSpace(row[2]))
    {
        continue; // a section row (province name in capitals) or an empty line
    }

    var (provinceName, provinceCode) = Coded(row[0]);
    var newCode = Clean(row[2]);
    var newName = Capitalise(Clean(row[1]));
    provinces.TryAdd(provinceCode, provinceName);
    communes.TryAdd(newCode, (newName, provinceCode));

    var (oldDistrict, oldDistrictCode) = Coded(row[6]);
    var (oldProvince, oldProvinceCode) = Coded(row[7]);
    Count(oldDistrictNames, oldDistrictCode, oldDistrict);
    Count(oldProvinceNames, oldProvinceCode, oldProvince);
    oldDistrictProvince[oldDistrictCode] = oldProvinceCode;

    var oldName = Capitalise(Clean(row[3]));
    var oldCode = Clean(row[4]);
    var note = Clean(row[5]).ToLowerInvariant();
    // "Nhập một phần", "Nhập một phần diện tích", "Phần còn lại sau khi tách…": only a part went in.
    var whole = !note.Contains("phần", StringComparison.Ordinal);
    if (seen.Add($"{oldDistrictCode}|{oldCode}|{oldName}|{newCode}"))
    {
        conversions.Add((oldDistrictCode, oldCode, oldName, newCode, whole, conversions.Count));
    }
}

var json = new StringBuilder();
var enc = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
string J(object value) => JsonSerializer.Serialize(value, enc);

json.Append("{\n");
json.Append("  \"source\": ").Append(J("Derived from the National Statistics Office's (Cục Thống kê) official conversion table of administrative units of 1 July 2025, \"Bảng chuyển đổi đơn vị hành chính mới – cũ\": 34 provinces and 3,321 communes of the two-level map, and how each commune-level unit before that date went into the new communes. Regenerate with tools/AddressData.")).Append(",\n");
json.Append("  \"fields\": ").Append(J(new Dictionary<string, string>
{
    ["provinces"] = "[code, official name]",
    ["communes"] = "[code, official name, province code]",
    ["oldProvinces"] = "[code, name before 1 July 2025]",
    ["oldDistricts"] = "[code, name, old province code]",
    ["conversions"] = "[old district code, old commune code, old commune name, new commune code, 1 = went in whole / 0 = a part]",
})).Append(",\n");
Section("provinces", provinces.Select(p => (object)new object[] { p.Key, p.Value }));
Section("communes", communes.Select(c => (object)new object[] { c.Key, c.Value.Name, c.Value.Province }));
Section("oldProvinces", oldProvinceNames.OrderBy(p => p.Key, StringComparer.Ordinal)
    .Select(p => (object)new object[] { p.Key, Commonest(p.Value) }));
Section("oldDistricts", oldDistrictNames.OrderBy(d => d.Key, StringComparer.Ordinal)
    .Select(d => (object)new object[] { d.Key, Commonest(d.Value), oldDistrictProvince[d.Key] }));
Section("conversions", conversions.Select(c => (object)new object[] { c.District, c.Code, c.Name, c.NewCode, c.Whole ? 1 : 0 }), last: true);
json.Append("}\n");

File.WriteAllText(output, json.ToString(), new UTF8Encoding(false));
Console.WriteLine($"{output}: {provinces.Count} provinces, {communes.Count} communes, {oldProvinceNames.Count} old provinces, "
    + $"{oldDistrictNames.Count} old districts, {conversions.Count} conversion rows");
return 0;

void Section(string name, IEnumerable<object> items, bool last = false)
{
    json.Append("  \"").Append(name).Append("\": [\n");
    var first = true;
    foreach (var item in items)
    {
        if (!first)
        {
            json.Append(",\n");
        }

        json.Append("    ").Append(J(item));
        first = false;
    }

    json.Append("\n  ]").Append(last ? "\n" : ",\n");
}

static void Count(Dictionary<string, Dictionary<string, int>> names, string code, string name)
{
    if (!names.TryGetValue(code, out var counts))
    {
        names[code] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    counts[name] = counts.GetValueOrDefault(name) + 1;
}

// The table spells a few names two ways ("Thị Xã"/"Thị xã", one row "Quảng Trị (44)" for Quảng Bình):
// the spelling most rows use wins.
static string Commonest(Dictionary<string, int> counts) =>
    counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;

static (string Name, string Code) Coded(string cell)
{
    var m = Regex.Match(Clean(cell), @"^(.*?)\s*\((\d+)\)$");
    if (!m.Success)
    {
        throw new FormatException($"Expected \"Name (code)\", got \"{cell}\".");
    }

    return (m.Groups[1].Value, m.Groups[2].Value);
}

static string Capitalise(string value) =>
    value.Length == 0 ? value : char.ToUpper(value[0], CultureInfo.InvariantCulture) + value[1..];

static string Clean(string value) =>
    Regex.Replace(value.Normalize(NormalizationForm.FormC), @"\s+", " ").Trim();

internal static class Csv
{
    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    public static IEnumerable<string[]> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
