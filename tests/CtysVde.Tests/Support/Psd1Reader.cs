using System.Text;

namespace CtysVde.Tests.Support;

/// <summary>
/// Reads a module manifest: a PowerShell hashtable in the restricted language (strings, arrays, nested
/// hashtables, $true/$false/$null, comments). Anything else is an error, as it is for Import-Module.
/// </summary>
public sealed class Psd1Reader
{
    private readonly string _text;
    private int _pos;

    private Psd1Reader(string text)
    {
        _text = text;
    }

    public static Dictionary<string, object?> Read(string path)
    {
        var reader = new Psd1Reader(File.ReadAllText(path));
        var value = reader.Value();
        reader.Skip();
        if (reader._pos != reader._text.Length)
        {
            throw new FormatException($"unexpected text at {reader._pos} in {path}");
        }

        return value as Dictionary<string, object?> ?? throw new FormatException($"{path} is not a hashtable");
    }

    private object? Value()
    {
        Skip();
        if (Take("@{"))
        {
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                Skip();
                if (Take("}"))
                {
                    return table;
                }

                var key = Key();
                Skip();
                Expect("=");
                table[key] = Value();
                Skip();
                Take(";");
            }
        }

        if (Take("@("))
        {
            var list = new List<object?>();
            while (true)
            {
                Skip();
                if (Take(")"))
                {
                    return list;
                }

                list.Add(Value());
                Skip();
                Take(",");
            }
        }

        if (Take("$true"))
        {
            return true;
        }

        if (Take("$false"))
        {
            return false;
        }

        if (Take("$null"))
        {
            return null;
        }

        return _text[_pos] is '\'' or '"' ? Quoted() : throw new FormatException($"not allowed in a manifest at {_pos}: {_text[_pos..Math.Min(_text.Length, _pos + 20)]}");
    }

    private string Key() => _text[_pos] is '\'' or '"' ? Quoted() : Word();

    private string Word()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return start == _pos ? throw new FormatException($"expected a key at {_pos}") : _text[start.._pos];
    }

    private string Quoted()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            var c = _text[_pos++];
            if (c == quote)
            {
                if (_pos < _text.Length && _text[_pos] == quote)
                {
                    sb.Append(quote);
                    _pos++;
                    continue;
                }

                return sb.ToString();
            }

            if (quote == '"' && c == '$')
            {
                throw new FormatException("variables are not allowed in a manifest string");
            }

            sb.Append(c);
        }
    }

    private void Skip()
    {
        while (_pos < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
            else if (_text[_pos] == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (_text.AsSpan(_pos).StartsWith("<#"))
            {
                _pos = _text.IndexOf("#>", _pos, StringComparison.Ordinal) + 2;
            }
            else
            {
                return;
            }
        }
    }

    private bool Take(string token)
    {
        if (_text.AsSpan(_pos).StartsWith(token, StringComparison.OrdinalIgnoreCase))
        {
            _pos += token.Length;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Take(token))
        {
            throw new FormatException($"expected '{token}' at {_pos}");
        }
    }
}
